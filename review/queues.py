"""The review queues (issue 8 part 10), each in a fixed number of queries however long: what waits for one
reviewer (their step, their 处室/site) and a site's whole pipeline for its 网站管理员."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from wagtail.models import Page, TaskState

from columns.models import ColumnPage
from content.models import ItemPage
from orgs.permissions import administered_site_ids, all_assignments, user_site_ids
from sites.models import SiteProfile

from .approvers import lead_unit_ids, may_approve
from .chain_models import RoleReviewTask
from .chains import tier_label


@dataclass
class QueueRow:
    task_state: TaskState
    item: ItemPage
    column: Page | None
    site_name: str
    step: str
    drafter: str
    waiting_days: int
    may_act: bool

    @property
    def tier(self):
        return tier_label(self.item.review_tier)


def _pending(site_ids, tasks=None):
    qs = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
    if site_ids is None:
        qs = qs.filter(task_id__in=RoleReviewTask.objects.values("pk"))
    if site_ids is not None:
        qs = qs.filter(task_id__in=RoleReviewTask.objects.filter(site_id__in=site_ids).values("pk"))
    if tasks is not None:
        qs = qs.filter(task_id__in=[t.pk for t in tasks])
    return qs.select_related("workflow_state", "workflow_state__requested_by").order_by("started_at", "pk")


def _rows(states, user, *, now=None):
    """Rows for `states` with items, columns, drafters and approvers read in bulk (no per-row query)."""
    states = list(states)
    if not states:
        return []
    now = now or timezone.now()
    tasks = RoleReviewTask.objects.select_related("site").in_bulk({s.task_id for s in states})
    items = ItemPage.objects.select_related("owner", "lead_department").in_bulk(
        {int(s.workflow_state.object_id) for s in states}
    )
    parent_paths = {item.path[: -item.steplen] for item in items.values()}
    columns = {
        c.path: c for c in ColumnPage.objects.filter(path__in=parent_paths).prefetch_related("responsibilities")
    }
    owners = dict(SiteProfile.objects.filter(site_id__in={t.site_id for t in tasks.values()}).values_list("site_id", "owner_id"))
    all_assignments(user)  # read once
    rows = []
    for state in states:
        task, item = tasks.get(state.task_id), items.get(int(state.workflow_state.object_id))
        if task is None or item is None:
            continue
        column = columns.get(item.path[: -item.steplen])
        units = lead_unit_ids(
            item, [r.organization_id for r in column.responsibilities.all()] if column is not None else [],
            owner_id=owners.get(task.site_id),
        )
        allowed = may_approve(
            user, task, item, requested_by_id=state.workflow_state.requested_by_id, unit_ids=units,
            owner_id=owners.get(task.site_id),
        )
        drafter = item.owner or state.workflow_state.requested_by
        started = state.started_at if isinstance(state.started_at, datetime) else now
        rows.append(QueueRow(
            task_state=state, item=item, column=column, site_name=task.site.site_name, step=task.name,
            drafter=(drafter.get_full_name() or drafter.get_username()) if drafter else "",
            waiting_days=max(0, (now - started).days), may_act=allowed,
        ))
    return rows


def task_states_awaiting(user, tasks=None):
    """The task states this person may sign now (their step: their role, their 处室 or site)."""
    if not (user.is_authenticated and user.is_active):
        return []
    site_ids = user_site_ids(user)
    return [row.task_state for row in _rows(_pending(site_ids, tasks), user) if row.may_act]


def awaiting_rows(user):
    site_ids = user_site_ids(user)
    return [row for row in _rows(_pending(site_ids), user) if row.may_act]


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
