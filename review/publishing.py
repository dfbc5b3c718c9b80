"""The one function every publishing path calls (through content.publishing and orgs.page_permissions):
the pre-publish checks, then the review chain.

The tiered chain (一般/敏感/重大) plugs in at `chain_refusals`: today the chain is "a reviewer signs it off",
either through the item's Wagtail workflow or by a person whose own sign-off is the chain's first step."""

from django.utils.translation import gettext as _
from wagtail import hooks

from content.models import ItemPage
from content.publishing import PRE_PUBLISH_HOOK, SYSTEM_LOAD, WORKFLOW_APPROVAL, current_publication_path
from orgs.models import Role
from orgs.page_permissions import PUBLISH_GATE_HOOK
from orgs.permissions import can_review

from .checks import check_text
from .checks.base import BLOCK


def blocking_findings(title, body, site, page_id=None):
    """000 第七条 上网不涉密; 003 第十六条 带密级的文件不得上网: each blocking finding, as (field, reason)."""
    checked = (("title", check_text(title, site)), ("body", check_text(body, site, title=title, page_id=page_id)))
    return [(field, f"{f.message}（“{f.match}”）") for field, findings in checked for f in findings if f.severity == BLOCK]


def chain_refusals(user, page):
    """Why `user` may not put `page` online directly, by the review chain (000 第六条; 002 第五条 未经审核的信息
    不得上网; 003 第十四条; 004 第十四条). Empty when the chain's last approval is what is publishing it."""
    path = current_publication_path()
    if path in (WORKFLOW_APPROVAL, SYSTEM_LOAD):
        return []
    item = page if isinstance(page, ItemPage) else page.specific
    if not isinstance(item, ItemPage):
        return []
    if user is None:
        # The scheduler publishes what a person already published for a later time (approved_go_live_at).
        return []
    if item.pk and item.workflow_in_progress:
        return [_("该信息正在审核流程中，须由审核人在审核流程中审批通过后发布，不能绕过审核直接发布（未经审核的信息不得上网）。")]
    if not can_review(user, item, Role.DIVISION_HEAD):
        return [_("您不能直接发布本信息：须提交审核，由本处室负责人或更高一级审核人审定后发布（未经审核的信息不得上网；本人起草的信息不能自己审定）。")]
    return []


@hooks.register(PRE_PUBLISH_HOOK)
def publication_refusals(title, body, site, page, user=None, direct=True):
    """The pre-publish checks on what would go online, then (for a direct publication) the review chain."""
    reasons = blocking_findings(title, body, site, page_id=page.pk)
    if direct:
        reasons += [(None, reason) for reason in chain_refusals(user, page)]
    return reasons


@hooks.register(PUBLISH_GATE_HOOK)
def review_chain_gate(user, page):
    """Wagtail's "may publish" answer for a person includes the review chain: the 发布 button, bulk publish
    and PublishPageRevisionAction's own check all ask it."""
    return chain_refusals(user, page)

