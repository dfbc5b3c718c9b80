"""Page views of Wagtail that answer before asking the page tester, wrapped (placed before Wagtail's own URLs).

- 001 第十四条: a site goes offline only as 临时下线 (approved, announced, at most once a year and 30 days). The
  page tester (orgs.page_permissions) refuses unpublishing, deleting, moving or protecting a site's home page to
  everyone on every path; these views say why, citing the article, instead of Wagtail's generic "no permission".
- The move confirmation and the workflow action views render or message a page's title before any permission
  check: they first ask the tester whether the page is in the person's sites (and may move there)."""

from contextvars import ContextVar

from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.urls import pages as wagtail_page_urls
from wagtail.admin.views import page_privacy
from wagtail.models import Page

from .page_permissions import SITE_OFFLINE_REASON, is_site_root, site_id_of


def _wagtail_view(name):
    return next(p.callback for p in wagtail_page_urls.urlpatterns if getattr(p, "name", None) == name)


# The privacy form offers every group of the platform (other sites' derived groups included). Wagtail gives no
# seam for its choices; while the privacy view runs for a page, its groups are those of the page's own site.
_restricting_site = ContextVar("govsite_restricting_site", default=None)


class SiteGroupsViewRestrictionForm(page_privacy.PageViewRestrictionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        site_id = _restricting_site.get()
        if site_id is not None:
            self.fields["groups"].queryset = Group.objects.filter(derived_from__site_id=site_id)


page_privacy.PageViewRestrictionForm = SiteGroupsViewRestrictionForm


def _guard(name, id_kwarg="page_id", modal=False):
    wagtail_view = _wagtail_view(name)

    @never_cache
    @require_admin_access
    def view(request, **kwargs):
        page = get_object_or_404(Page, pk=kwargs[id_kwarg])
        if not is_site_root(page):
            token = _restricting_site.set(site_id_of(page))
            try:
                return wagtail_view(request, **kwargs)
            finally:
                _restricting_site.reset(token)
        if modal:
            return render_modal_workflow(
                request, "orgs/site_offline_modal.html", None, {"reason": SITE_OFFLINE_REASON}, json_data={"step": "set_privacy"}
            )
        messages.error(request, SITE_OFFLINE_REASON)
        return redirect("wagtailadmin_pages:edit", page.pk)

    return view


def _scoped(name, id_kwarg="page_id", destination_kwarg=None):
    wagtail_view = _wagtail_view(name)

    @never_cache
    @require_admin_access
    def view(request, **kwargs):
        page = get_object_or_404(Page, pk=kwargs[id_kwarg])
        tester = page.permissions_for_user(request.user)
        if not getattr(tester, "in_scope", lambda: request.user.is_superuser)():
            raise PermissionDenied
        if destination_kwarg is not None:
            destination = get_object_or_404(Page, pk=kwargs[destination_kwarg])
            if not tester.can_move_to(destination):
                raise PermissionDenied
        return wagtail_view(request, **kwargs)

    return view


urlpatterns = [
    path("pages/<int:page_id>/unpublish/", _guard("unpublish"), name="orgs_guard_unpublish"),
    path("pages/<int:page_id>/delete/", _guard("delete"), name="orgs_guard_delete"),
    path("pages/<int:page_to_move_id>/move/", _guard("move", "page_to_move_id"), name="orgs_guard_move"),
    path("pages/<int:page_id>/privacy/", _guard("set_privacy", modal=True), name="orgs_guard_privacy"),
    path(
        "pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/",
        _scoped("move_confirm", "page_to_move_id", "destination_id"),
        name="orgs_guard_move_confirm",
    ),
    path(
        "pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        _scoped("workflow_action"),
        name="orgs_guard_workflow_action",
    ),
    path(
        "pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        _scoped("collect_workflow_action_data"),
        name="orgs_guard_collect_workflow_action_data",
    ),
    path("pages/workflow/preview/<int:page_id>/<int:task_id>/", _scoped("workflow_preview"), name="orgs_guard_workflow_preview"),
    # Names the page's workflow and current step before any check (found by the URL matrix once B's chain was marked).
    path(
        "pages/workflow/confirm_cancellation/<int:page_id>/", _scoped("confirm_workflow_cancellation"),
        name="orgs_guard_confirm_workflow_cancellation",
    ),
]
