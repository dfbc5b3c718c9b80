"""The review queues (issue 8 part 10), each in a fixed number of queries however long: what waits for one
reviewer (their step, their 处室/site) and a site's whole pipeline for its 网站管理员."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Length, Substr
from django.utils import timezone
from wagtail.models import Page, TaskState

from columns.models import ColumnResponsibility
from content.models import ItemPage
from orgs.models import Role
from orgs.permissions import administered_site_ids, all_assignments
from sites.models import SiteProfile

from .approvers import lead_unit_ids, may_approve
from .chain_models import RoleReviewTask, StepRole, StepUnit
from .chains import tier_label


@dataclass
class QueueRow:
    task_state: TaskState
    item: ItemPage
    column_title: str
    site_name: str
    step: str
    drafter: str
    waiting_days: int
    may_act: bool

    @property
    def tier(self):
        return tier_label(self.item.review_tier)


# What a row shows of its step and the step's site (主办单位 for `owner` steps) comes with the task state itself.
ROW_RELATED = ("workflow_state", "workflow_state__requested_by", "task__rolereviewtask__site__profile")


def _pending(site_ids, tasks=None):
    qs = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
    if site_ids is None:
        qs = qs.filter(task_id__in=RoleReviewTask.objects.values("pk"))
    if site_ids is not None:
        qs = qs.filter(task_id__in=RoleReviewTask.objects.filter(site_id__in=site_ids).values("pk"))
    if tasks is not None:
        qs = qs.filter(task_id__in=[t.pk for t in tasks])
    return qs.select_related(*ROW_RELATED).order_by("started_at", "pk")


def _rows(states, user, *, now=None):
    """Rows for `states` (a window of task states read with ROW_RELATED) in two more queries however many: the
    items with drafter, lead department and column title, and the columns' 责任单位."""
    states = list(states)
    if not states:
        return []
    now = now or timezone.now()
    column_title = Page.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)).values("title")[:1]
    items = ItemPage.objects.select_related("owner", "lead_department").annotate(column_title=Subquery(column_title)).in_bulk(
        {int(s.workflow_state.object_id) for s in states}
    )
    parent_paths = {item.path[: -item.steplen] for item in items.values()}
    responsible = {}
    for path, organization_id in ColumnResponsibility.objects.filter(column__path__in=parent_paths).values_list("column__path", "organization_id"):
        responsible.setdefault(path, []).append(organization_id)
    all_assignments(user)  # read once
    group_ids = None
    if any(getattr(s.task, "rolereviewtask", None) is not None and s.task.rolereviewtask.role == StepRole.GROUP for s in states):
        group_ids = set(user.groups.values_list("pk", flat=True))
    rows = []
    for state in states:
        task, item = getattr(state.task, "rolereviewtask", None), items.get(int(state.workflow_state.object_id))
        if task is None or item is None:
            continue
        profile = getattr(task.site, "profile", None)
        owner_id = profile.owner_id if profile is not None else None
        units = lead_unit_ids(item, responsible.get(item.path[: -item.steplen], []), owner_id=owner_id)
        allowed = may_approve(
            user, task, item, requested_by_id=state.workflow_state.requested_by_id, unit_ids=units, owner_id=owner_id,
            group_ids=group_ids,
        )
        drafter = item.owner or state.workflow_state.requested_by
        started = state.started_at if isinstance(state.started_at, datetime) else now
        rows.append(QueueRow(
            task_state=state, item=item, column_title=item.column_title or "", site_name=task.site.site_name, step=task.name,
            drafter=(drafter.get_full_name() or drafter.get_username()) if drafter else "",
            waiting_days=max(0, (now - started).days), may_act=allowed,
        ))
    return rows


def _as_object_ids(items):
    """WorkflowState.object_id is text: the items' primary keys as text, for a subquery."""
    return items.annotate(_pk=Cast("pk", CharField())).values("_pk")


def _items_led_by(organization_id, owner_id, root_path):
    """SQL for review.approvers.lead_unit_ids(item) ∋ organization_id, for the items of one site (below its root
    page's tree path): the lead
    department; without one, the column's 责任单位; a column nobody is named for, the 主办单位."""
    items = ItemPage.objects.filter(path__startswith=root_path).annotate(
        parent_path=Substr("path", 1, Length("path") - Page.steplen)
    )
    led = Q(lead_department_id=organization_id) | Q(
        lead_department__isnull=True,
        parent_path__in=ColumnResponsibility.objects.filter(organization_id=organization_id).values("column__path"),
    )
    if owner_id == organization_id:
        led |= Q(lead_department__isnull=True) & ~Q(parent_path__in=ColumnResponsibility.objects.values("column__path"))
    return _as_object_ids(items.filter(led))


def awaiting_states(user, tasks=None):
    """The in-progress task states this person may sign now (their step: their role, their 处室 or site), as one
    SQL query: review.approvers.may_approve written as a filter, so a reviewer's queue costs the same however
    many items wait on their site for others."""
    if not (user.is_authenticated and user.is_active):
        return TaskState.objects.none()
    step_roles = set(StepRole.values)
    assignments = [a for a in all_assignments(user) if a.site_id is not None and a.role in step_roles]
    group_ids = list(user.groups.values_list("pk", flat=True))
    sites = SiteProfile.objects.filter(site_id__in={a.site_id for a in assignments}).values_list("site_id", "owner_id", "site__root_page__path")
    owners, roots = {}, {}
    for site_id, owner_id, root_path in (sites if assignments else []):
        owners[site_id], roots[site_id] = owner_id, root_path
    step = "task__rolereviewtask__"
    allowed = Q(pk__in=[])
    for a in assignments:
        of_role = Q(**{f"{step}site_id": a.site_id, f"{step}role": a.role})
        if a.organization_id is None:
            if a.role != Role.DIVISION_HEAD:  # a leader given for the whole site signs every item's step of that rank
                allowed |= of_role
            continue
        if a.site_id in roots:
            allowed |= of_role & Q(**{f"{step}unit": StepUnit.OWN}) & Q(
                workflow_state__object_id__in=_items_led_by(a.organization_id, owners.get(a.site_id), roots[a.site_id])
            )
        if owners.get(a.site_id) == a.organization_id:
            allowed |= of_role & Q(**{f"{step}unit": StepUnit.OWNER})
    if group_ids:
        allowed |= Q(**{f"{step}role": StepRole.GROUP, f"{step}group_id__in": group_ids})
    states = TaskState.objects.filter(allowed, status=TaskState.STATUS_IN_PROGRESS)
    if tasks is not None:
        states = states.filter(task_id__in=[t.pk for t in tasks])
    # 000 第七条 谁公开谁负责: nobody signs what they drafted or submitted.
    states = states.exclude(workflow_state__requested_by=user).exclude(
        workflow_state__object_id__in=_as_object_ids(Page.objects.filter(owner=user))
    )
    return states


def task_states_awaiting(user, tasks=None):
    """The task states this person may sign now (Wagtail's Task.get_task_states_user_can_moderate)."""
    return awaiting_states(user, tasks)


def awaiting_rows(user, *, offset=0, limit=None):
    """What waits for this person's signature, oldest first: (rows of the window, total). The rows are built for
    the window only; each is checked again by may_approve."""
    states = awaiting_states(user).select_related(*ROW_RELATED).order_by("started_at", "pk")
    total = states.count()
    window = states[offset: offset + limit] if limit else states
    return [row for row in _rows(window, user) if row.may_act], total


def pipeline_rows(user, site_id=None, *, offset=0, limit=None):
    """Every item under review on the sites this person administers (网站管理员; all for a platform admin),
    oldest first; (rows, total)."""
    site_ids = administered_site_ids(user)
    if site_ids is not None and not site_ids:
        return [], 0
    if site_id is not None:
        if site_ids is not None and site_id not in site_ids:
            return [], 0
        site_ids = {site_id}
    states = _pending(site_ids)
    total = states.count()
    window = states[offset: offset + limit] if limit else states
    return _rows(window, user), total
