"""Is an item's review chain complete for what would go online? (002 第五条: 未经审核的信息不得上网.)

Complete means: the item's latest review ended approved; its approved steps cover every step of the chain that
applies now (its site, its tier — raised by a sensitive finding — and its column); and what would go online is
what that review approved (an edit after approval goes through review again)."""

from django.utils.translation import gettext as _
from wagtail.models import Revision, TaskState, WorkflowState

from content.models import ItemPage

from .chains import chain_for, chain_tasks, tier_label
from .tiers import effective_tier

_ACTIVE = (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES, WorkflowState.STATUS_APPROVED)


def required_chain(item, title=None, body=None, site=None):
    site = site or item.get_site()
    tier = effective_tier(item, title=title, body=body, site=site)
    return tier, chain_for(site, tier, item.get_parent().specific if item.pk else None)


def workflow_for(item):
    """ItemPage.get_workflow(): the Workflow of the chain that applies to the item as it stands."""
    if not item.pk and not item.path:
        return None
    site = item.get_site()
    if site is None:
        return None
    _tier, chain = required_chain(item, site=site)
    return chain.workflow if chain is not None and chain.workflow.active else None


def _fingerprint(page, title=None, body=None):
    """The item's own content fields (those of ItemPage and its subclasses), plus the title."""
    values = {"title": page.title if title is None else title}
    for model in type(page).__mro__:
        if isinstance(model, type) and issubclass(model, ItemPage) and not model._meta.abstract:
            for field in model._meta.local_concrete_fields:
                if not field.primary_key and not field.name.endswith("_ptr"):
                    values[field.attname] = getattr(page, field.attname)
    if body is not None:
        values["body"] = body
    values.pop("review_tier", None)  # a tier change is logged on its own and keeps the approvals
    return values


def incomplete_reasons(item, *, candidate=None, title=None, body=None, site=None):
    """Chinese reasons why the chain is not complete for `candidate` (the item as it would go online)."""
    candidate = candidate or item
    state = WorkflowState.objects.for_instance(item).filter(status__in=_ACTIVE).order_by("-created_at", "-pk").first()
    tier, chain = required_chain(candidate, title=title, body=body, site=site)
    if chain is None:
        return [_("本站未设置“%(t)s”信息的审核流程，请网站管理员设置后再提交审核。") % {"t": tier_label(tier)}]
    required = chain_tasks(chain.workflow)
    if state is None or state.status != WorkflowState.STATUS_APPROVED:
        labels = "→".join(t.name for t in required)
        return [_("本信息为“%(t)s”信息，须经审核（%(c)s）通过后才能发布；请提交审核，审核通过后自动发布（未经审核的信息不得上网）。") % {
            "t": tier_label(tier), "c": labels}]
    approved = list(TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_APPROVED).select_related("task").order_by("finished_at", "pk"))
    keys = {ts.task.specific.step_key() if hasattr(ts.task.specific, "step_key") else ("task", ts.task_id) for ts in approved}
    missing = [t.name for t in required if (t.step_key() if hasattr(t, "step_key") else ("task", t.pk)) not in keys]
    if missing:
        return [_("本信息现为“%(t)s”信息，审核链还缺：%(m)s。请重新提交审核（未经审核的信息不得上网）。") % {
            "t": tier_label(tier), "m": "、".join(missing)}]
    finished = approved[-1].finished_at if approved else state.created_at
    revision = Revision.objects.for_instance(item).filter(created_at__lte=finished).order_by("-created_at", "-pk").first()
    if revision is None or _fingerprint(revision.as_object()) != _fingerprint(candidate, title=title, body=body):
        return [_("本信息在审核通过后又有修改，须重新提交审核后才能发布（未经审核的信息不得上网）。")]
    return []


