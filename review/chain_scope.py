"""Whose review chains are whose: a 网站管理员 sees and changes only their own site's chain Workflows and steps
(issue 8 part 1: "editable by the 网站管理员" — of that site; 001 第十七条 网站主办单位负责本网站); a platform admin
sees all. Plain functions; review.workflow_admin wires them into Wagtail's workflow admin (its permission
policies, the listings, choosers, forms and reports).

A step (RoleReviewTask) belongs to its `site`. A Workflow belongs to the sites named by its ReviewChain rows and
by its steps; it is a site's when it names that site and no other. A Workflow or task of no site (Wagtail's own
GroupApprovalTask, the default workflow at the root) is the platform's."""

from django.db.models import Q
from wagtail.models import Page, Task, Workflow

from orgs.page_permissions import site_id_of
from orgs.permissions import administered_site_ids

from .chain_models import RoleReviewTask


def chain_admin_site_ids(user):
    """The sites whose chains this person manages: the sites they administer (None: every site)."""
    if not (user.is_authenticated and user.is_active):
        return set()
    return administered_site_ids(user)


def _workflows_naming(site_filter):
    """Ids of the Workflows that name a site matching `site_filter` (a Q on site_id): by a chain or a step."""
    from .chain_models import ReviewChain

    steps = RoleReviewTask.objects.filter(site_filter).values("pk")
    chains = ReviewChain.objects.filter(site_filter).values("workflow_id")
    return Workflow.objects.filter(Q(pk__in=chains) | Q(workflow_tasks__task_id__in=steps)).values("pk")


def workflows_managed_by(user, workflows=None):
    """The Workflows of `workflows` (all by default) this person may see and change."""
    workflows = Workflow.objects.all() if workflows is None else workflows
    site_ids = chain_admin_site_ids(user)
    if site_ids is None:
        return workflows
    if not site_ids:
        return workflows.none()
    mine = Q(site_id__in=site_ids)
    return workflows.filter(pk__in=_workflows_naming(mine)).exclude(pk__in=_workflows_naming(~mine))


def tasks_managed_by(user, tasks=None):
    """The tasks (steps) of `tasks` (all by default) this person may see, choose and change."""
    tasks = Task.objects.all() if tasks is None else tasks
    site_ids = chain_admin_site_ids(user)
    if site_ids is None:
        return tasks
    return tasks.filter(pk__in=RoleReviewTask.objects.filter(site_id__in=site_ids).values("pk"))


def may_manage_workflow(user, workflow):
    return workflow is not None and workflows_managed_by(user, Workflow.objects.filter(pk=workflow.pk)).exists()


def may_manage_task(user, task):
    return task is not None and tasks_managed_by(user, Task.objects.filter(pk=task.pk)).exists()


def may_assign_workflow_to(user, page):
    """A Workflow is attached to pages of the person's own sites only (the tree root: platform admins)."""
    site_ids = chain_admin_site_ids(user)
    if site_ids is None:
        return True
    page = page if isinstance(page, Page) else None
    return page is not None and page.depth > 1 and site_id_of(page) in site_ids


def steps_of_one_site(tasks):
    """A chain is one site's: its steps must not mix sites (a site's workflow cannot sign with another's step)."""
    sites = {t.site_id for t in RoleReviewTask.objects.filter(pk__in=[t.pk for t in tasks])}
    return len(sites) <= 1
