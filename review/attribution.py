"""Every action on an item, attributable (issue 8 part 8): user, role, department, time and IP address.

Wagtail writes a PageLogEntry for each action on a page, whatever the path (editor, bulk action, workflow
action, scheduler, command): create, edit, submit (workflow.start), approve, reject, publish, schedule, unpublish.
Beside each entry for an item this module appends one ItemAction carrying what the log entry lacks: the person's
roles and department on the item's site at that moment, the address the request came from, and the reason of a
rejection (the reviewer's comment) or a withdrawal (撤稿, required: see review.withdrawal in wagtail_hooks)."""

from contextlib import contextmanager
from contextvars import ContextVar
from types import SimpleNamespace

from django.core.signals import request_finished, request_started
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry

from content.models import ItemPage
from orgs.lockout import client_address
from orgs.models import Role, RoleAssignment

from .models import ItemAction

_request_address = ContextVar("govsite_request_address", default=None)
_action_reason = ContextVar("govsite_action_reason", default="")

# The item actions the issue names, in Chinese; other Wagtail actions keep Wagtail's own label.
ACTION_LABELS = {
    "wagtail.create": "创建",
    "wagtail.edit": "编辑",
    "wagtail.workflow.start": "提交审核",
    "wagtail.workflow.resume": "重新提交审核",
    "wagtail.workflow.approve": "审核通过",
    "wagtail.workflow.reject": "驳回",
    "wagtail.workflow.cancel": "撤回审核",
    "wagtail.publish": "发布",
    "wagtail.publish.schedule": "定时发布",
    "wagtail.publish.scheduled": "定时发布上线",
    "wagtail.create_alias": "引用到其他栏目",
    "wagtail.comments.create": "批注",
    "wagtail.schedule.cancel": "取消定时发布",
    "wagtail.unpublish": "撤稿",
    "wagtail.unpublish.scheduled": "定时撤稿",
    "wagtail.revert": "恢复历史版本",
    "wagtail.move": "移动",
    "wagtail.copy": "复制",
    "wagtail.delete": "删除",
    "wagtail.rename": "修改标题",
}


@receiver(request_started)
def remember_request_address(sender, environ=None, scope=None, **kwargs):
    if environ is not None:
        address = client_address(SimpleNamespace(META=environ))
    elif scope is not None:
        address = (scope.get("client") or [None])[0]
    else:
        address = None
    _request_address.set(address)


@receiver(request_finished)
def forget_request_address(sender, **kwargs):
    _request_address.set(None)
    _action_reason.set("")


@contextmanager
def action_reason(reason):
    """The reason the next actions in this block are recorded with (撤稿 from the admin or a command)."""
    token = _action_reason.set(reason or "")
    try:
        yield
    finally:
        _action_reason.reset(token)


def set_request_reason(reason):
    """The reason for the actions of the rest of this request (cleared when it finishes)."""
    _action_reason.set(reason or "")


def roles_and_department(user, site_id):
    """(role labels joined, the department) the person holds on the site; a department-scoped role first."""
    if user is None or site_id is None:
        return "", None
    assignments = list(RoleAssignment.objects.filter(user=user, site_id__in=[site_id]).select_related("organization"))
    assignments += list(RoleAssignment.objects.filter(user=user, site__isnull=True))
    labels = []
    for a in assignments:
        label = Role(a.role).label
        if label not in labels:
            labels.append(str(label))
    department = next((a.organization for a in assignments if a.organization_id), None)
    return "、".join(labels), department


def _reason_of(entry):
    data = entry.data or {}
    comment = data.get("comment") or (data.get("workflow") or {}).get("comment") or ""
    return comment or _action_reason.get()


def record_action(entry):
    """Append the ItemAction for one PageLogEntry of an item (no-op for other pages and repeated calls)."""
    page = entry.page
    if page is None or not issubclass(entry.content_type.model_class() or object, ItemPage):
        return None
    url_parts = page.get_url_parts()  # the site's id from Wagtail's cached site roots: no Site query per action
    site_id = url_parts[0] if url_parts else None
    roles, department = roles_and_department(entry.user, site_id)
    user = entry.user
    return ItemAction.objects.create(
        site_id=site_id, page_id=entry.page_id, page_title=(entry.label or page.title)[:255], log_entry_id=entry.pk,
        action=entry.action, action_label=ACTION_LABELS.get(entry.action, entry.action),
        user=user, user_name=(user.get_full_name() or user.get_username()) if user else _("系统"),
        roles=roles[:200], department=department, department_name=(department.name if department else "")[:120],
        ip_address=_request_address.get(), reason=_reason_of(entry), at=entry.timestamp,
    )


@receiver(post_save, sender=PageLogEntry)
def record_item_action(sender, instance, created, raw=False, **kwargs):
    if created and not raw:  # a restore brings the recorded actions back with the log
        record_action(instance)


def actions_of(page):
    """The item's actions, oldest first (the 审批表 and the history view)."""
    return ItemAction.objects.filter(page=page).order_by("at", "pk")


def publishing_organization(page):
    """发布机构 of an item as the public page shows it (000 第七条: 谁公开谁负责): the department that submitted
    or published it, else the departments responsible for its column, else the site's 主办单位."""
    if "_govsite_publisher" not in page.__dict__:  # the page shows it twice (发布机构, 来源 fallback): ask once
        page.__dict__["_govsite_publisher"] = _publishing_organization(page)
    return page.__dict__["_govsite_publisher"]


def _publishing_organization(page):
    recorded = (
        ItemAction.objects.filter(page=page, department__isnull=False, action__in=("wagtail.workflow.start", "wagtail.publish"))
        .order_by("at", "pk").values_list("department__name", flat=True).first()
    )
    if recorded:
        return recorded
    parent = page.get_parent().specific
    names = getattr(parent, "responsible_names", None)
    named = names() if names else ""
    if named:
        return named
    profile = getattr(page.get_site(), "profile", None)
    owner = getattr(profile, "owner", None)
    return owner.name if owner else ""
