from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def interaction_admin_urls():
    return [
        path("interaction/", admin_views.CaseListView.as_view(), name="interaction_cases"),
        path("interaction/new/", admin_views.EntryView.as_view(), name="interaction_entry"),
        path("interaction/import/", admin_views.FindErrorImportView.as_view(), name="interaction_import"),
        path("interaction/stats/", admin_views.StatsView.as_view(), name="interaction_stats"),
        path("interaction/<int:pk>/", admin_views.CaseDetailView.as_view(), name="interaction_case"),
        path("interaction/<int:pk>/<slug:step>/", admin_views.case_action, name="interaction_case_action"),
    ]


class InteractionMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.menu_shown(request)


@hooks.register("register_admin_menu_item")
def interaction_menu_item():
    return InteractionMenuItem(_("政民互动"), reverse("interaction_cases"), name="interaction", icon_name="mail", order=220)
