"""Included under /admin/ before Wagtail's admin URLs, so that the explorer and the page chooser browse
view of a page go through the site-isolation check first (same paths, same behaviour otherwise), and the
page types usage report, which summarises every site, stays with platform admins."""

from django.urls import include, path

from . import admin_views, isolation, views

ADMIN_URL_OVERRIDES_HOOK = "register_admin_url_overrides"


def admin_url_overrides():
    """URL patterns that apps above orgs route ahead of Wagtail's admin (review: the site-scoped workflow admin).
    Each fn registered under the hook returns patterns decorated as admin views."""
    from wagtail import hooks

    return [pattern for fn in hooks.get_hooks(ADMIN_URL_OVERRIDES_HOOK) for pattern in (fn() or [])]

urlpatterns = [
    path("password/", views.PasswordChangeView.as_view(), name="orgs_password_change"),
    path("pages/<int:parent_page_id>/", admin_views.explore, name="orgs_explore"),
    path("pages/<int:parent_page_id>/results/", admin_views.explore_results, name="orgs_explore_results"),
    path("choose-page/<int:parent_page_id>/", admin_views.choose_page_child, name="orgs_choose_page_child"),
    path("reports/page-types-usage/", admin_views.page_types_usage, name="orgs_page_types_usage"),
    path("reports/page-types-usage/results/", admin_views.page_types_usage_results, name="orgs_page_types_usage_results"),
    *isolation.urls(),  # chosen endpoints, bulk actions and reports answer only with the user's sites' objects
    path("", include("orgs.availability")),
    *admin_url_overrides(),  # apps above orgs replacing a Wagtail admin view with its scoped subclass
]
