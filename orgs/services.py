"""Accounts, roles and the 单位 tree. Other apps change orgs data only through these functions."""

import secrets
import string

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import AccountSecurity, Organization, PasswordHistory, Role, RoleAssignment
from .permissions import forget_assignments
from .signals import roles_changed


def generate_password(length=14):
    """A random password that satisfies the platform's validators (letters, digits, a symbol)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        body = "".join(secrets.choice(alphabet) for _ in range(length - 2))
        candidate = body + secrets.choice("!@#%^*-_") + secrets.choice(string.digits)
        if any(c.isalpha() for c in candidate):
            return candidate


@transaction.atomic
def create_account(username, *, password=None, full_name="", email="", must_change=True):
    """The 网站管理员 creates an account with an initial password that must be changed at first login
    (003 第二十二条: 办公室为信息员分配后台账号和初始登陆口令). Returns (user, password)."""
    password = password or generate_password()
    User = get_user_model()
    # A Chinese name is kept whole (姓名, surname first, 欧阳/司马 included): Django's get_full_name() is
    # "first last", which would print 王明 as "明 王".
    user = User(username=username, email=email, first_name=full_name, last_name="")
    user.set_password(password)
    user.save()
    AccountSecurity.objects.update_or_create(user=user, defaults={"must_change_password": must_change})
    return user, password


def record_password_change(user):
    PasswordHistory.objects.create(user=user, password=user.password)
    AccountSecurity.objects.update_or_create(
        user=user, defaults={"must_change_password": False, "password_changed_at": timezone.now()}
    )


def set_account_active(user, active):
    """停用/启用 an account. A disabled account cannot log in, and its open sessions stop working at their next
    request (Django's ModelBackend refuses inactive users when it loads the session's user)."""
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def assign_role(user, role, *, site=None, organization=None):
    """Give a role on a site (and department); Wagtail permissions follow (columns.permissions)."""
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, site=site, organization=organization)
    if role == Role.PLATFORM_ADMIN and not user.is_superuser:
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    forget_assignments(user)
    roles_changed.send(sender=RoleAssignment, user=user)
    return assignment


@transaction.atomic
def revoke_role(user, role, *, site=None, organization=None):
    RoleAssignment.objects.filter(user=user, role=role, site=site, organization=organization).delete()
    forget_assignments(user)
    roles_changed.send(sender=RoleAssignment, user=user)


def ensure_organization(name, *, kind, parent=None, short_name="", aliases=()):
    """Get or create a unit by full name under its parent (idempotent, used by the seed loader)."""
    org, created = Organization.objects.get_or_create(
        parent=parent, name=name, defaults={"kind": kind, "short_name": short_name, "aliases": list(aliases)}
    )
    if not created:
        changed = {"kind": kind, "short_name": short_name or org.short_name, "aliases": list(aliases) or org.aliases}
        if any(getattr(org, key) != value for key, value in changed.items()):
            for key, value in changed.items():
                setattr(org, key, value)
            org.save()
    return org


def ensure_government(name, *, parent=None, division_code=""):
    """A 人民政府 is one unit however many seeds name it: found by name anywhere in the tree, created if
    missing, and hung under `parent` when the tree did not know its parent yet (省 → 市 → 县). A given
    `division_code` (行政区划代码) is recorded on it."""
    government = Organization.objects.filter(kind=Organization.Kind.GOVERNMENT, name=name).first()
    if government is None:
        return Organization.objects.create(
            kind=Organization.Kind.GOVERNMENT, name=name, parent=parent, division_code=division_code
        )
    if parent is not None and government.parent_id is None and government.pk != parent.pk:
        government.parent = parent
        government.save(update_fields=["parent"])
    if division_code and government.division_code != division_code:
        government.division_code = division_code
        government.save(update_fields=["division_code"])
    return government



def government_of(unit):
    """The 人民政府 a unit belongs to (itself if it is one), or None."""
    while unit is not None and unit.kind != Organization.Kind.GOVERNMENT:
        unit = unit.parent
    return unit


def units_of_government(government):
    """A government and the units below it, not descending into lower governments (市 → not its 县)."""
    ids, frontier = [government.pk], [government.pk]
    while frontier:
        frontier = list(
            Organization.objects.filter(parent_id__in=frontier)
            .exclude(kind=Organization.Kind.GOVERNMENT)
            .values_list("pk", flat=True)
        )
        ids += frontier
    return Organization.objects.filter(pk__in=ids)
