"""An item's review tier: chosen by the drafter, raised by any reviewer (given approvals kept), raised to 敏感
by a `sensitive` check finding, lowered only by the 网站管理员 — every change logged (issue 8 part 2)."""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import TaskState

from content.models import ReviewTier
from content.services import set_review_tier
from orgs.permissions import can_review, is_site_admin

from .chains import TIER_RANK, higher_tier, tier_label
from .checks import check_text

TIER_RAISED = "govsite.review_tier_raised"
TIER_LOWERED = "govsite.review_tier_lowered"


class TierChangeRefused(Exception):
    pass


def minimum_tier(title, body, site):
    """A `sensitive` finding (the site's 敏感词) makes the item at least 敏感 (issue 8 part 2; 000 第六条 敏感事项)."""
    findings = check_text(title or "", site) + check_text(body or "", site, title=title)
    return ReviewTier.SENSITIVE.value if any(f.category == "sensitive" for f in findings) else ReviewTier.GENERAL.value


def effective_tier(item, title=None, body=None, site=None):
    """The chosen tier, or 敏感 when the text holds a sensitive term and a lower tier was chosen."""
    site = site or item.get_site()
    chosen = item.review_tier or ReviewTier.GENERAL.value
    found = minimum_tier(item.title if title is None else title, getattr(item, "body", "") if body is None else body, site)
    return higher_tier(chosen, found)


def may_raise(user, item):
    """Any reviewer of the item (its lead department's 负责人 or a leader of the site) or the 网站管理员."""
    from .approvers import may_approve

    state = item.current_workflow_state
    if state is not None and state.current_task_state is not None:
        task = state.current_task_state.task.specific
        if hasattr(task, "step_key") and may_approve(user, task, item):
            return True
    return is_site_admin(user, item.site_id_for_rules()) or can_review(user, item, "division_head")


@transaction.atomic
def change_tier(item, tier, user, reason=""):
    """Raise or lower `item`'s tier. Raising: any reviewer; lowering: the 网站管理员 only, with a reason. A review in
    progress moves onto the new tier's chain and keeps every approval the new chain also asks for."""
    if tier not in TIER_RANK:
        raise TierChangeRefused(_("审核级别“%(t)s”无效。") % {"t": tier})
    current = item.review_tier or ReviewTier.GENERAL.value
    if tier == current:
        raise TierChangeRefused(_("本信息已是“%(t)s”级别。") % {"t": tier_label(tier)})
    raising = TIER_RANK[tier] > TIER_RANK[current]
    if raising and not may_raise(user, item):
        raise TierChangeRefused(_("只有本信息的审核人或网站管理员可以提高审核级别。"))
    if not raising:
        if not is_site_admin(user, item.site_id_for_rules()):
            raise TierChangeRefused(_("降低审核级别须由网站管理员办理。"))
        if not reason.strip():
            raise TierChangeRefused(_("降低审核级别须填写理由。"))
    set_review_tier(item, tier)
    log(instance=item, action=TIER_RAISED if raising else TIER_LOWERED, user=user,
        data={"from": current, "to": tier, "from_label": tier_label(current), "to_label": tier_label(tier), "reason": reason})
    state = item.current_workflow_state
    if state is not None:
        restart_on_new_chain(item, state, user)
    return item


def restart_on_new_chain(item, state, user):
    """Cancel the running review and start the tier's chain; steps whose signature the old review already holds
    are approved again in the new one, in the original approver's name, with the original opinion."""
    given = {}
    for task_state in TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_APPROVED).select_related("finished_by"):
        task = task_state.task.specific
        if hasattr(task, "step_key"):
            given.setdefault(task.step_key(), task_state)
    requested_by = state.requested_by or user
    state.cancel(user=user)
    fresh = type(item).objects.get(pk=item.pk)
    workflow = fresh.get_workflow()
    new_state = workflow.start(fresh, requested_by)
    while new_state.status == new_state.STATUS_IN_PROGRESS and new_state.current_task_state is not None:
        current = new_state.current_task_state
        task = current.task.specific
        earlier = given.get(task.step_key()) if hasattr(task, "step_key") else None
        if earlier is None:
            break
        opinion = _("（提高审核级别后沿用 %(d)s 的审核意见）") % {"d": earlier.finished_at.strftime("%Y-%m-%d %H:%M")}
        current.specific.approve(user=earlier.finished_by, comment=f"{earlier.get_comment() or ''}{opinion}")
        new_state.refresh_from_db()
    return new_state


def record_raise_by_findings(item, user):
    """At submit: a sensitive finding raised the tier above the chosen one; store and log it."""
    tier = effective_tier(item)
    if TIER_RANK[tier] > TIER_RANK[item.review_tier or ReviewTier.GENERAL.value]:
        before = item.review_tier
        set_review_tier(item, tier)
        log(instance=item, action=TIER_RAISED, user=user, data={
            "from": before, "to": tier, "from_label": tier_label(before), "to_label": tier_label(tier),
            "reason": _("内容含敏感词，按规定提高为敏感信息审核"),
        })
