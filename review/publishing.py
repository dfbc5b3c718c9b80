"""The one function every publishing path calls (through content.publishing and orgs.page_permissions):
the pre-publish checks, then the review chain.

The tiered chain (一般/敏感/重大/特殊, review.chains) is checked at `chain_refusals`: an item goes online through
its chain's last approval, or directly only once that chain is complete for exactly what goes online."""

from django.utils.translation import gettext as _
from wagtail import hooks

from content.models import ITEM_WORKFLOW_HOOK, ItemPage
from content.publishing import PRE_PUBLISH_HOOK, SYSTEM_LOAD, WORKFLOW_APPROVAL, current_publication_path
from orgs.page_permissions import PUBLISH_GATE_HOOK

from .checks import check_text
from .checks.base import BLOCK
from .completion import incomplete_reasons, workflow_for


def blocking_findings(title, body, site, page_id=None):
    """000 第七条 上网不涉密; 003 第十六条 带密级的文件不得上网: each blocking finding, as (field, reason)."""
    checked = (("title", check_text(title, site)), ("body", check_text(body, site, title=title, page_id=page_id)))
    return [(field, f"{f.message}（“{f.match}”）") for field, findings in checked for f in findings if f.severity == BLOCK]


def chain_refusals(user, page, *, title=None, body=None, site=None):
    """Why `page` may not go online directly (by `user`, or by the scheduler when user is None), by the review
    chain: 000 第六条 and 003 第十四条 (一般/敏感/重大/特殊 chains), 002 第五条 未经审核的信息不得上网, 004 第十四条
    先审查、后发布. Empty when the chain's last approval is what is publishing it, or when the item's chain for
    its tier is complete for exactly this content (review.completion)."""
    path = current_publication_path()
    if path in (WORKFLOW_APPROVAL, SYSTEM_LOAD):
        return []
    item = page if isinstance(page, ItemPage) else page.specific
    if not isinstance(item, ItemPage):
        return []
    if not item.pk:
        if (site or item.get_site()) is None:
            # the editor's add form asks before the new item has a place (so a site and a chain): nothing is reviewed
            return [_("新信息须先保存并提交审核，审核通过后才能发布（未经审核的信息不得上网）。")]
        return incomplete_reasons(item, title=title, body=body, site=site)
    if item.workflow_in_progress:
        return [_("该信息正在审核流程中，须由审核人在审核流程中审批通过后发布，不能绕过审核直接发布（未经审核的信息不得上网）。")]
    return incomplete_reasons(item, title=title, body=body, site=site)


@hooks.register(PRE_PUBLISH_HOOK)
def publication_refusals(title, body, site, page, user=None, direct=True):
    """The pre-publish checks on what would go online, then (for a direct publication) the review chain."""
    reasons = blocking_findings(title, body, site, page_id=page.pk)
    if direct:
        reasons += [(None, reason) for reason in chain_refusals(user, page, title=title, body=body, site=site)]
    return reasons


@hooks.register(PUBLISH_GATE_HOOK)
def review_chain_gate(user, page):
    """Wagtail's "may publish" answer for a person includes the review chain: the 发布 button, bulk publish
    and PublishPageRevisionAction's own check all ask it."""
    return chain_refusals(user, page)


@hooks.register(ITEM_WORKFLOW_HOOK)
def item_review_workflow(item):
    """The Workflow an item is submitted to: its site's chain for its tier and column."""
    return workflow_for(item)
