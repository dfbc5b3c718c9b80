"""Who may sign one step of an item's review chain: resolved from the orgs role assignments of the step's site,
never from a hand-kept group (issue 8 part 1)."""

from orgs.models import Role
from orgs.permissions import all_assignments

from .chain_models import StepRole, StepUnit


def lead_unit_ids(item, column_unit_ids=None, owner_id=None):
    """003 第十四条 谁牵头、谁负责: the lead department decides whose 负责人 signs; without one, the column's
    responsible departments; a column nobody is named for is the 主办单位's (004 第四条: 区政府办公室 leads)."""
    if getattr(item, "lead_department_id", None):
        return {item.lead_department_id}
    units = set(item.responsible_organization_ids() if column_unit_ids is None else column_unit_ids)
    if not units:
        owner = owner_id if owner_id is not None else site_owner_id(item.site_id_for_rules())
        units = {owner} if owner else set()
    return units


def site_owner_id(site_id):
    from sites.models import SiteProfile

    return SiteProfile.objects.filter(site_id=site_id).values_list("owner_id", flat=True).first()


def may_approve(user, task, item, *, requested_by_id=None, unit_ids=None, owner_id=None, group_ids=None):
    """000 第七条 谁公开谁负责: the drafter (and whoever submitted it) never signs their own item; otherwise the
    holder of the step's role for the item's lead department (unit `own`) or for the site's 主办单位 (`owner`).
    A department role (处室负责人) must be of exactly that unit; a leader's role covers it when given for that
    unit or for the whole site. Keyword arguments let the queues pass what they read in bulk."""
    if not (user.is_authenticated and user.is_active):
        return False
    if not hasattr(item, "responsible_organization_ids"):
        item = item.specific  # Wagtail's views pass a plain Page
    if getattr(item, "owner_id", None) == user.pk:
        return False
    if requested_by_id is None:
        state = getattr(item, "current_workflow_state", None)
        requested_by_id = state.requested_by_id if state is not None else None
    if requested_by_id == user.pk:
        return False
    if task.role == StepRole.GROUP:
        if group_ids is not None:
            return task.group_id is not None and task.group_id in group_ids
        return task.group_id is not None and user.groups.filter(pk=task.group_id).exists()
    if task.unit == StepUnit.OWNER:
        units = {owner_id if owner_id is not None else site_owner_id(task.site_id)}
    else:
        units = unit_ids if unit_ids is not None else lead_unit_ids(item)
    for assignment in all_assignments(user):
        if assignment.site_id != task.site_id or assignment.role != task.role:
            continue
        if assignment.organization_id in units:
            return True
        if assignment.organization_id is None and task.role != Role.DIVISION_HEAD:
            return True
    return False
