"""本站账号: the 网站管理员 manages the accounts of their own site(s) (003 第二十二条: 办公室为信息员分配后台账号
和初始登陆口令): creates them with an initial password, resets a password, lifts a login lockout (解锁),
disables and enables (停用/启用) and changes roles. Each change is written to Wagtail's log entries of the
account (orgs.account_hooks registers the actions) and shown on the account's page."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Site

from . import lockout
from .models import AccountSecurity, Organization, Role, RoleAssignment
from .permissions import administered_site_ids, is_platform_admin
from .services import assign_role, create_account, generate_password, revoke_role, set_account_active

ASSIGNABLE_ROLES = [Role.EDITOR, Role.DIVISION_HEAD, Role.LEADER_IN_CHARGE, Role.PRINCIPAL, Role.SITE_ADMIN]
DEPARTMENT_ROLES = {Role.EDITOR, Role.DIVISION_HEAD}


def _administered_sites(user):
    ids = administered_site_ids(user)
    sites = Site.objects.all().order_by("id")
    return sites if ids is None else sites.filter(id__in=ids)


def _require_account_admin(request):
    if not _administered_sites(request.user).exists():
        raise PermissionDenied


def _site_departments(site):
    """The units that maintain content on a site (its SiteProfile's 内容保障单位), read without importing sites."""
    profile = getattr(site, "profile", None)
    if profile is not None and hasattr(profile, "departments"):
        return profile.departments.all().order_by("id")
    return Organization.objects.none()


def may_manage_account(admin, account):
    """May `admin` act on `account` (reset, 解锁, 停用/启用, roles)? A 网站管理员 manages the accounts of the
    sites they administer (003 第二十二条) and nothing more: never a superuser or platform administrator,
    never an account that also holds a role on a site they do not administer, never an account with no
    role on their sites. A platform administrator manages every account except superusers (Wagtail's Users
    admin is theirs for those)."""
    if account.is_superuser or RoleAssignment.objects.filter(user=account, role=Role.PLATFORM_ADMIN).exists():
        return False
    own = administered_site_ids(admin)
    if own is None:
        return is_platform_admin(admin)
    their_sites = set(RoleAssignment.objects.filter(user=account).values_list("site_id", flat=True))
    return bool(own) and bool(their_sites) and their_sites <= own


def refuse_other_accounts(view):
    """An account the administrator may not manage is answered 403 with the reason, not a redirect."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            if not _administered_sites(request.user).exists():
                raise  # not a 网站管理员 at all: Wagtail's usual refusal
            return TemplateResponse(request, "orgs/accounts/refused.html", {
                "page_title": _("没有权限"), "header_icon": "warning",
            }, status=403)

    return wrapped


def _managed_account(request, user_id):
    _require_account_admin(request)
    account = get_object_or_404(get_user_model(), pk=user_id)
    if not may_manage_account(request.user, account):
        raise PermissionDenied
    return account


def _account_sites(account):
    return sorted(set(RoleAssignment.objects.filter(user=account, site__isnull=False).values_list("site_id", flat=True)))


def _log(account, action, request, **data):
    log(instance=account, action=action, user=request.user, data={"site_ids": _account_sites(account), **data})


class AccountCreateForm(forms.Form):
    site = forms.ModelChoiceField(label=gettext_lazy("网站"), queryset=Site.objects.none())
    username = forms.RegexField(
        label=gettext_lazy("用户名"), max_length=150, regex=r"^[\w.@+-]+$",
        error_messages={"invalid": gettext_lazy("用户名只能包含字母、数字和 @ . + - _。")},
    )
    full_name = forms.CharField(label=gettext_lazy("姓名"), max_length=40)
    email = forms.EmailField(label=gettext_lazy("电子邮箱"), required=False)
    role = forms.ChoiceField(label=gettext_lazy("角色"), choices=[(r.value, r.label) for r in ASSIGNABLE_ROLES])
    organization = forms.ModelChoiceField(
        label=gettext_lazy("部门"), queryset=Organization.objects.all(), required=False,
        help_text=gettext_lazy("信息员和处室负责人须选择所在部门（处室）；其栏目权限由该部门负责的栏目决定。"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        sites = _administered_sites(user)
        self.fields["site"].queryset = sites
        if sites.count() == 1:
            self.fields["site"].initial = sites.first()
        site_id = self.data.get("site") or (sites.first().pk if sites.count() == 1 else None)
        site = sites.filter(pk=site_id).first() if str(site_id or "").isdigit() else None
        if site is not None:
            self.fields["organization"].queryset = _site_departments(site)
        else:  # the departments of the sites this person administers, never the whole platform's units
            ids = set()
            for each in sites:
                ids |= set(_site_departments(each).values_list("pk", flat=True))
            self.fields["organization"].queryset = Organization.objects.filter(pk__in=ids).order_by("id")

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("该用户名已被使用。"))
        return username

    def clean(self):
        cleaned = super().clean()
        site, role, organization = cleaned.get("site"), cleaned.get("role"), cleaned.get("organization")
        if role in DEPARTMENT_ROLES and organization is None:
            self.add_error("organization", _("信息员和处室负责人须选择所在部门。"))
        if site is not None and organization is not None and role in DEPARTMENT_ROLES:
            if not _site_departments(site).filter(pk=organization.pk).exists():
                self.add_error("organization", _("该部门不是本网站的内容保障单位。"))
        return cleaned


class RoleAddForm(AccountCreateForm):
    """A role on one of the administrator's sites; a department role needs one of that site's departments."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name in ("username", "full_name", "email"):
            del self.fields[name]


# --- Views --------------------------------------------------------------------------------------------------


def _accounts_of(sites):
    assignments = (
        RoleAssignment.objects.filter(site__in=sites)
        .select_related("user", "organization", "site", "user__security")
        .order_by("site_id", "user__username", "role")
    )
    accounts = {}
    for assignment in assignments:
        entry = accounts.setdefault(assignment.user_id, {"user": assignment.user, "roles": []})
        entry["roles"].append(assignment)
    for entry in accounts.values():
        entry["locks"] = lockout.locked_addresses(entry["user"].get_username())
    return list(accounts.values())


def account_index(request):
    _require_account_admin(request)
    sites = _administered_sites(request.user)
    return TemplateResponse(request, "orgs/accounts/index.html", {
        "page_title": _("本站账号"), "header_icon": "user", "accounts": _accounts_of(sites), "sites": sites,
    })


@refuse_other_accounts
def account_detail(request, user_id):
    account = _managed_account(request, user_id)
    roles = RoleAssignment.objects.filter(user=account).select_related("site", "organization").order_by("site_id", "role")
    history = ModelLogEntry.objects.for_instance(account).select_related("user").order_by("-timestamp", "-id")
    return TemplateResponse(request, "orgs/accounts/detail.html", {
        "page_title": _("账号：%(name)s") % {"name": account.get_username()}, "header_icon": "user",
        "account": account, "roles": roles, "locks": lockout.locked_addresses(account.get_username()),
        "role_form": RoleAddForm(user=request.user), "history": history, "is_self": account.pk == request.user.pk,
    })


def account_create(request):
    _require_account_admin(request)
    form = AccountCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user, password = create_account(
                data["username"], full_name=data["full_name"], email=data["email"], must_change=True
            )
            assignment = assign_role(user, data["role"], site=data["site"], organization=data["organization"])
            _log(user, "orgs.account.create", request, role=_role_text(assignment))
        # The initial password is shown once, in this response, and never stored in clear.
        return TemplateResponse(request, "orgs/accounts/password_issued.html", {
            "page_title": _("账号已创建"), "header_icon": "user", "account": user, "password": password,
            "site": data["site"], "created": True,
        })
    return TemplateResponse(request, "orgs/accounts/create.html", {
        "page_title": _("新建账号"), "header_icon": "user", "form": form,
    })


@refuse_other_accounts
@require_POST
def account_reset_password(request, user_id):
    """A new initial password, shown once, to be changed at next login; a reset also lifts a lockout."""
    account = _managed_account(request, user_id)
    password = generate_password()
    with transaction.atomic():
        account.set_password(password)
        account.save()
        AccountSecurity.objects.update_or_create(user=account, defaults={"must_change_password": True})
        lockout.unlock(account.get_username())
        _log(account, "orgs.account.password_reset", request)
    # Shown in this response only (the admin's never_cache makes it no-store), never stored in clear.
    return TemplateResponse(request, "orgs/accounts/password_issued.html", {
        "page_title": _("密码已重置"), "header_icon": "key", "account": account, "password": password, "created": False,
    })


@refuse_other_accounts
@require_POST
def account_unlock(request, user_id):
    account = _managed_account(request, user_id)
    locks = lockout.locked_addresses(account.get_username())
    with transaction.atomic():
        lockout.unlock(account.get_username())
        _log(account, "orgs.account.unlock", request, addresses=[lock["ip_address"] for lock in locks])
    messages.success(request, _("已解锁账号 %(name)s，本人可立即重新登录。") % {"name": account.get_username()})
    return redirect("orgs_account_detail", account.pk)


@refuse_other_accounts
@require_POST
def account_set_active(request, user_id, active):
    account = _managed_account(request, user_id)
    if not active and account.pk == request.user.pk:
        messages.error(request, _("不能停用自己的账号。"))
        return redirect("orgs_account_detail", account.pk)
    with transaction.atomic():
        set_account_active(account, active)
        _log(account, "orgs.account.enable" if active else "orgs.account.disable", request)
    if active:
        messages.success(request, _("已启用账号 %(name)s。") % {"name": account.get_username()})
    else:
        messages.success(request, _("已停用账号 %(name)s：该账号不能再登录，已登录的会话立即失效。") % {"name": account.get_username()})
    return redirect("orgs_account_detail", account.pk)


def _role_text(assignment):
    parts = [assignment.site.site_name if assignment.site else _("全平台"), assignment.get_role_display()]
    if assignment.organization:
        parts.append(str(assignment.organization))
    return " · ".join(parts)


@refuse_other_accounts
@require_POST
def account_add_role(request, user_id):
    account = _managed_account(request, user_id)
    if account.pk == request.user.pk:
        raise PermissionDenied  # nobody grants themselves a role
    form = RoleAddForm(request.POST, user=request.user)
    if not form.is_valid():
        errors = "；".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(request, _("未添加角色：%(errors)s") % {"errors": errors})
        return redirect("orgs_account_detail", account.pk)
    data = form.cleaned_data
    organization = data["organization"] if data["role"] in DEPARTMENT_ROLES else None
    if RoleAssignment.objects.filter(user=account, role=data["role"], site=data["site"], organization=organization).exists():
        messages.error(request, _("该账号已有这个角色。"))
        return redirect("orgs_account_detail", account.pk)
    with transaction.atomic():
        assignment = assign_role(account, data["role"], site=data["site"], organization=organization)
        _log(account, "orgs.account.role_add", request, role=_role_text(assignment))
    messages.success(request, _("已添加角色：%(role)s。") % {"role": _role_text(assignment)})
    return redirect("orgs_account_detail", account.pk)


@refuse_other_accounts
@require_POST
def account_remove_role(request, user_id, assignment_id):
    account = _managed_account(request, user_id)
    if account.pk == request.user.pk:
        raise PermissionDenied
    assignment = get_object_or_404(RoleAssignment, pk=assignment_id, user=account)
    own = administered_site_ids(request.user)
    if own is not None and assignment.site_id not in own:
        raise PermissionDenied
    if not RoleAssignment.objects.filter(user=account).exclude(pk=assignment.pk).exists():
        messages.error(request, _("这是该账号唯一的角色，不能移除；如该账号不再使用，请停用。"))
        return redirect("orgs_account_detail", account.pk)
    text = _role_text(assignment)
    with transaction.atomic():
        revoke_role(account, assignment.role, site=assignment.site, organization=assignment.organization)
        _log(account, "orgs.account.role_remove", request, role=text)
    messages.success(request, _("已移除角色：%(role)s。") % {"role": text})
    return redirect("orgs_account_detail", account.pk)


def account_urls():
    from django.urls import path

    return [
        path("site-accounts/", account_index, name="orgs_accounts"),
        path("site-accounts/new/", account_create, name="orgs_account_create"),
        path("site-accounts/<int:user_id>/", account_detail, name="orgs_account_detail"),
        path("site-accounts/<int:user_id>/reset-password/", account_reset_password, name="orgs_account_reset"),
        path("site-accounts/<int:user_id>/unlock/", account_unlock, name="orgs_account_unlock"),
        path("site-accounts/<int:user_id>/disable/", account_set_active, {"active": False}, name="orgs_account_disable"),
        path("site-accounts/<int:user_id>/enable/", account_set_active, {"active": True}, name="orgs_account_enable"),
        path("site-accounts/<int:user_id>/roles/add/", account_add_role, name="orgs_account_role_add"),
        path(
            "site-accounts/<int:user_id>/roles/<int:assignment_id>/remove/", account_remove_role,
            name="orgs_account_role_remove",
        ),
    ]


def accounts_menu_shown(request):
    return is_platform_admin(request.user) or bool(administered_site_ids(request.user))


def accounts_url():
    return reverse("orgs_accounts")
