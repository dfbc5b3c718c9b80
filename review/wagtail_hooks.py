from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from orgs.isolation import SiteIsolatedSnippetViewSetMixin
from portal.admin_display import boolean_column

from content.models import ItemPage

from . import acknowledgements, approval_views, publishing  # noqa: F401  (register the publishing gate's and the item form's hooks)
from .approval_timeliness import days_late, publish_within_days
from .attribution import set_request_reason
from .models import SiteLexicon, SitePublishingRules


class SiteLexiconViewSet(SiteIsolatedSnippetViewSetMixin, SnippetViewSet):
    """站点审核词库: each site's own terms and link lists for the pre-publish checks (review/checks/)."""

    model = SiteLexicon
    icon = "warning"
    menu_label = _("审核词库")
    menu_name = "review-lexicons"
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["site", boolean_column(SiteLexicon, "require_https"), "body_font", "duplicate_title_days", "version", "updated_at"]
    search_fields = ["prohibited_terms", "sensitive_terms", "allowed_terms", "blocked_domains"]
    panels = [
        FieldPanel("site"),
        MultiFieldPanel(
            [FieldPanel("prohibited_terms"), FieldPanel("sensitive_terms"), FieldPanel("allowed_terms")],
            heading=_("本站词库（在全平台词库基础上增加，并由下级网站继承）"),
        ),
        MultiFieldPanel([FieldPanel("blocked_domains"), FieldPanel("trusted_domains"), FieldPanel("require_https")], heading=_("链接")),
        MultiFieldPanel(
            [FieldPanel("body_font"), FieldPanel("max_title_length"), FieldPanel("duplicate_title_days")],
            heading=_("格式与标题"),
        ),
    ]


register_snippet(SiteLexiconViewSet)


from . import chain_hooks  # noqa: E402,F401  (review chains: queues, tier changes, log actions)
from . import workflow_admin  # noqa: E402,F401  (the workflow admin scoped per site)
class SitePublishingRulesViewSet(SiteIsolatedSnippetViewSetMixin, SnippetViewSet):
    """站点发布规则: the body line height after normalisation and the days allowed after the work ended."""

    model = SitePublishingRules
    icon = "date"
    menu_label = _("发布规则")
    menu_name = "publishing-rules"
    add_to_settings_menu = True
    list_display = ["site", "body_line_height_pt", "publish_within_days"]
    panels = [FieldPanel("site"), FieldPanel("body_line_height_pt"), FieldPanel("publish_within_days")]


register_snippet(SitePublishingRulesViewSet)


# --- 审批表 (issue 8 part 6) -------------------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def approval_urls():
    return [
        path("review/approvals/", approval_views.ApprovalListView.as_view(), name="review_approvals"),
        path("review/approvals/<int:workflow_state_id>/", approval_views.ApprovalDetailView.as_view(), name="review_approval"),
        path("review/approvals/<int:workflow_state_id>/print/", approval_views.approval_print, name="review_approval_print"),
        path("review/approvals/<int:workflow_state_id>/pdf/", approval_views.approval_pdf, name="review_approval_pdf"),
    ]


class ApprovalsMenuItem(MenuItem):
    def is_shown(self, request):
        return approval_views.approvals_menu_shown(request)


@hooks.register("register_admin_menu_item")
def approvals_menu_item():
    return ApprovalsMenuItem(_("审批表"), reverse("review_approvals"), name="review-approvals", icon_name="clipboard-list", order=220)


# --- The item editor: confirmations, normalisation notes, timeliness ------------------------------------------------


def _after_item_saved(request, page):
    confirmed, notes = acknowledgements.take_form_outcome()
    if not isinstance(page.specific, ItemPage):
        return
    acknowledgements.record_confirmed(request, page, confirmed)
    for note in notes:
        messages.info(request, note)


@hooks.register("after_create_page")
def after_item_created(request, page):
    _after_item_saved(request, page)


@hooks.register("after_edit_page")
def after_item_edited(request, page):
    _after_item_saved(request, page)


@hooks.register("after_publish_page")
def warn_late_publication(request, page):
    # 003 第十七条: 一般情况下信息发布不应迟于工作结束后的第3天 — allowed, warned, counted.
    item = page.specific
    if not isinstance(item, ItemPage):
        return
    late = days_late(item)
    if late:
        messages.warning(request, gettext("本信息工作结束于{ended}，超过本站规定的{n}天发布期限{late}天，已计入超期发布统计（003 第十七条）。").format(
            ended=item.work_ended_on, n=publish_within_days(item.get_site()), late=late))


# --- 撤稿 (withdrawal) needs a reason (issue 8 part 8) ------------------------------------------------------------

WITHDRAWAL_REASON_FIELD = "withdrawal_reason"


@hooks.register("before_unpublish_page")
def require_withdrawal_reason(request, page):
    """The unpublish form (review/templates/wagtailadmin/pages/confirm_unpublish.html) asks for 撤稿理由; without
    one an item stays online. The reason goes to the ItemAction of the unpublish (review.attribution)."""
    if not isinstance(page.specific, ItemPage):
        return None
    reason = (request.POST.get(WITHDRAWAL_REASON_FIELD) or "").strip()
    if not reason:
        messages.error(request, gettext("撤稿须填写理由，信息未撤下。"))
        return redirect("wagtailadmin_pages:unpublish", page.pk)
    set_request_reason(reason)
    return None


@hooks.register("before_bulk_action")
def no_bulk_withdrawal_of_items(request, action_type, objects, action_view):
    """Bulk unpublish has no place for a reason: items are withdrawn one by one, each with its own."""
    if action_type != "unpublish":
        return None
    if any(isinstance(getattr(obj, "specific", obj), ItemPage) for obj in objects):
        messages.error(request, gettext("信息撤稿须逐条填写撤稿理由，不能批量撤稿；未撤下任何信息。"))
        back = request.META.get("HTTP_REFERER", "")
        safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
        return redirect(back if safe and back else "wagtailadmin_home")
    return None
