"""Who may see and act on a case: the rules of orgs.permissions applied to 政民互动 (000 第十一条: the 网站管理员
forwards, the 处室 replies after its 负责人 has checked; 001 第二十三条: 转办 to the responsible unit)."""

from django.db.models import Q

from orgs.isolation import narrow_to_user_sites, object_in_user_sites
from orgs.models import Role
from orgs.permissions import all_assignments, is_platform_admin, is_site_admin, user_site_ids

from .models import Assignment, Case, Mailbox

DEPARTMENT_ROLES = {Role.EDITOR, Role.DIVISION_HEAD}


def cases_for(user):
    """The cases of the user's sites, and those forwarded to one of the user's sites."""
    if user_site_ids(user) is None:
        return Case.objects.all()
    forwarded_here = narrow_to_user_sites(Assignment.objects.all(), user).values("case_id")
    return Case.objects.filter(Q(pk__in=narrow_to_user_sites(Case.objects.all(), user).values("pk")) | Q(pk__in=forwarded_here))


def may_see(user, case):
    return object_in_user_sites(user, case) or any(object_in_user_sites(user, a) for a in case.assignments.all())


def mailboxes_for(user):
    return narrow_to_user_sites(Mailbox.objects.all(), user)


def entry_mailboxes(user):
    """The mailboxes whose site the user is 网站管理员 of (platform admin: all): where staff may enter reports."""
    boxes = mailboxes_for(user)
    ids = user_site_ids(user)
    if ids is not None:
        boxes = boxes.filter(site_id__in=[s for s in ids if is_site_admin(user, s)])
    return boxes.select_related("site")


def may_manage(user, case):
    """Accept, refuse, forward, approve an extension, publish, close: the 网站管理员 of the case's site."""
    return is_site_admin(user, case.site_id)


def may_forward_from(user, case):
    """The case's 网站管理员, or the 网站管理员 of a site it was forwarded to (who routes it on inside that site)."""
    return may_manage(user, case) or any(is_site_admin(user, a.site_id) for a in case.assignments.filter(active=True))


def _department_roles(user, assignment):
    return {
        a.role for a in all_assignments(user)
        if a.site_id == assignment.site_id and a.role in DEPARTMENT_ROLES
        and a.organization_id in (assignment.organization_id, None)
    }


def may_draft(user, assignment):
    """The department the case was forwarded to drafts the reply (its 信息员 or 负责人), or that site's 网站管理员."""
    return is_site_admin(user, assignment.site_id) or bool(_department_roles(user, assignment))


def may_check(user, assignment):
    """The 处室负责人 of that department checks the reply (000 第十一条); never the one who drafted it."""
    if assignment.drafted_by_id == user.pk and not is_platform_admin(user):
        return False
    return is_platform_admin(user) or Role.DIVISION_HEAD in _department_roles(user, assignment)


def role_label(user, site_id):
    """The role a step was taken in, for the record (highest first)."""
    if user is None:
        return ""
    if is_platform_admin(user):
        return str(Role.PLATFORM_ADMIN.label)
    roles = [a.role for a in all_assignments(user) if a.site_id == site_id]
    for role in (Role.SITE_ADMIN, Role.PRINCIPAL, Role.LEADER_IN_CHARGE, Role.DIVISION_HEAD, Role.EDITOR):
        if role in roles:
            return str(Role(role).label)
    return ""


def may_edit_workday_table(user):
    """settings.WORKDAYS_TABLE_EDITOR: the holiday table is filled by a 网站管理员 (of any site) or a platform admin."""
    ids = user_site_ids(user)
    return ids is None or any(a.role == Role.SITE_ADMIN for a in all_assignments(user))
