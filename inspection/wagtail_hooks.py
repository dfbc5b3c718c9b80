from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def inspection_urls():
    return [
        path("inspection/", views.rounds, name="inspection_rounds"),
        path("inspection/round/<int:pk>/", views.round_detail, name="inspection_round"),
        path("inspection/tasks/", views.tasks, name="inspection_tasks"),
        path("inspection/report/<str:kind>.<str:fmt>", views.report, name="inspection_report"),
        path("inspection/report/<str:kind>/publish/", views.publish_report, name="inspection_publish_report"),
    ]


class InspectionMenuItem(MenuItem):
    def is_shown(self, request):
        return views.user_profiles(request.user).exists()


@hooks.register("register_admin_menu_item")
def inspection_menu_item():
    return InspectionMenuItem(_("监测与考核"), reverse("inspection_rounds"), name="inspection", icon_name="tasks", order=220)
