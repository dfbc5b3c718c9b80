"""多部门综合性信息 (003 第十四条: 按“谁牵头、谁负责”的原则): the lead department's chain applies and it alone edits
and signs; each joint (参与) department sees the item and its review progress read-only — listed, opened, never
edited or approved (issue 8 part 3). The edit and approval refusals come from the policy point and the chain
(orgs.page_permissions, review.approvers: the lead department's people only); this module answers who may look."""

from django.db.models import Q
from wagtail.models import WorkflowState

from content.models import ItemPage
from orgs.page_permissions import site_id_of, site_root_paths
from orgs.permissions import all_assignments

from .chains import chain_tasks


def _department_assignments(user):
    """(site id, department id) of every department role the person holds."""
    return {(a.site_id, a.organization_id) for a in all_assignments(user) if a.site_id and a.organization_id}


def joint_items_for(user):
    """Items naming one of the person's departments as a joint department, on that department's site, and not led
    by one of the person's departments (those they see as their own)."""
    pairs = _department_assignments(user)
    if not pairs:
        return ItemPage.objects.none()
    roots = dict(site_root_paths())
    wanted = Q(pk__in=[])
    for site_id, organization_id in pairs:
        root = roots.get(site_id)
        if root is not None:
            wanted |= Q(joint_departments=organization_id, url_path__startswith=root)
    own = {organization_id for _site, organization_id in pairs}
    return (
        ItemPage.objects.filter(wanted).exclude(lead_department_id__in=own).distinct()
        .select_related("lead_department", "owner").order_by("-latest_revision_created_at", "-pk")
    )


def may_view_as_joint(user, item):
    site_id = site_id_of(item)
    pairs = _department_assignments(user)
    if not pairs or item.lead_department_id in {o for _s, o in pairs}:
        return False
    return item.joint_departments.filter(pk__in=[o for s, o in pairs if s == site_id]).exists()


def review_progress(item):
    """The item's latest review as the 审批表 records it (every step taken, with reviewer, opinion and date) and the
    steps of its chain still to come; (form or None, [names of the steps to come])."""
    from .approval import approval_form

    state = (
        WorkflowState.objects.for_instance(item).exclude(status=WorkflowState.STATUS_CANCELLED)
        .order_by("-created_at", "-pk").first()
    )
    if state is None:
        return None, []
    form = approval_form(state)
    to_come = []
    if state.status == WorkflowState.STATUS_IN_PROGRESS:
        tasks = chain_tasks(state.workflow)
        reached = {ts.task_id for ts in state.task_states.all()}
        to_come = [task.name for task in tasks if task.pk not in reached]
    return form, to_come
