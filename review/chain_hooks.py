"""Wagtail hooks of the review chains: the reviewer's queue panel, the 网站管理员's pipeline, tier changes in
the editor and at submit, and their log actions (issue 8 parts 2, 10)."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.log_actions import log
from wagtail.models import Page, WorkflowState
from wagtail.signals import workflow_submitted

from content.forms import ITEM_FORM_HOOK
from content.models import ItemPage
from orgs.permissions import administered_site_ids, is_site_admin

from . import views
from .chains import TIER_RANK, tier_choices, tier_label
from .queues import awaiting_rows
from .tiers import TIER_LOWERED, TIER_RAISED, record_raise_by_findings, restart_on_new_chain

@hooks.register("register_log_actions")
def register_tier_actions(actions):
    actions.register_action(TIER_RAISED, _("提高审核级别"), _("提高审核级别"))
    actions.register_action(TIER_LOWERED, _("降低审核级别"), _("降低审核级别（网站管理员）"))


@hooks.register("register_admin_urls")
def review_urls():
    return [
        path("review/pipeline/", views.pipeline, name="review_pipeline"),
        path("review/tier/<int:page_id>/", views.change_item_tier, name="review_change_tier"),
        path("review/joint/", views.joint_items, name="review_joint_items"),
        path("review/joint/<int:page_id>/", views.joint_item, name="review_joint_item"),
    ]


class PipelineMenuItem(MenuItem):
    def is_shown(self, request):
        site_ids = administered_site_ids(request.user)
        return site_ids is None or bool(site_ids)


@hooks.register("register_admin_menu_item")
def pipeline_menu_item():
    return PipelineMenuItem(_("审核进度"), reverse("review_pipeline"), name="review-pipeline", icon_name="tasks", order=290)


class JointItemsMenuItem(MenuItem):
    def is_shown(self, request):
        from orgs.permissions import all_assignments

        return any(a.organization_id for a in all_assignments(request.user))


@hooks.register("register_admin_menu_item")
def joint_items_menu_item():
    return JointItemsMenuItem(_("参与部门信息"), reverse("review_joint_items"), name="review-joint", icon_name="group", order=291)


PANEL_ROWS = 20  # the oldest first; the rest on the full list


class AwaitingReviewPanel(Component):
    """待我审核: what waits for this person's signature, with tier, drafter, column and days waiting."""

    name = "review_awaiting"
    order = 90

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        site_ids = administered_site_ids(self.request.user)
        rows, total = awaiting_rows(self.request.user, limit=PANEL_ROWS)
        return mark_safe(render_to_string("review/awaiting_panel.html", {
            "rows": rows, "total": total, "tiers": tier_choices(), "request": self.request,
            "mine_url": reverse("review_pipeline") + "?mine=1" if total > PANEL_ROWS else "",
            "pipeline_url": reverse("review_pipeline") if site_ids is None or site_ids else "",
        }, request=self.request))


@hooks.register("construct_homepage_panels")
def review_panels(request, panels):
    # Wagtail's own "awaiting your review" panel asks every task of every site one by one; ours reads in bulk.
    panels[:] = [p for p in panels if getattr(p, "name", "") != "workflow_objects_to_moderate"]
    panels.append(AwaitingReviewPanel(request))


@hooks.register(ITEM_FORM_HOOK)
def tier_lowering_needs_the_site_admin(form, cleaned):
    """Before the first submission the drafter chooses the tier freely; afterwards lowering it is the
    网站管理员's (issue 8 part 2), and logged."""
    instance, tier = form.instance, cleaned.get("review_tier")
    if not instance.pk or not tier:
        return []
    before = ItemPage.objects.filter(pk=instance.pk).values_list("review_tier", flat=True).first()
    if not before or TIER_RANK[tier] >= TIER_RANK[before]:
        instance._govsite_tier_before = before
        return []
    if not instance.workflow_states.exists():
        return []
    if not is_site_admin(form.for_user, instance.site_id_for_rules()):
        return [("review_tier", _("已提交审核的信息，降低审核级别须由网站管理员办理（当前为“%(t)s”）。") % {"t": tier_label(before)})]
    instance._govsite_tier_before = before
    return []


@hooks.register("after_edit_page")
def log_tier_change_in_the_editor(request, page):
    before = getattr(page, "_govsite_tier_before", None)
    if not isinstance(page, ItemPage) or not before or before == page.review_tier:
        return
    raised = TIER_RANK[page.review_tier] > TIER_RANK[before]
    log(instance=page, action=TIER_RAISED if raised else TIER_LOWERED, user=request.user, data={
        "from": before, "to": page.review_tier, "from_label": tier_label(before), "to_label": tier_label(page.review_tier),
        "reason": _("在编辑页面修改"),
    })
    state = page.current_workflow_state
    if state is not None and state.workflow_id != getattr(page.get_workflow(), "pk", None):
        restart_on_new_chain(page, state, request.user)


def _raise_tier_at_submit(sender, instance, user=None, **kwargs):
    # WorkflowState.content_object resolves through base_content_type, so a page arrives as a plain wagtailcore
    # Page, never an ItemPage; Wagtail's own workflow code takes `.specific` for pages, and so must we.
    item = instance.content_object
    if isinstance(item, Page):
        item = item.specific
    if isinstance(item, ItemPage):
        record_raise_by_findings(item, user)


workflow_submitted.connect(_raise_tier_at_submit, sender=WorkflowState, dispatch_uid="review_raise_tier_at_submit")
