from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .services import link_target


@hooks.register("before_serve_page")
def redirect_link_columns(page, request, serve_args, serve_kwargs):
    # 004 内容保障工作任务分解表: a 跳转链接 column's public address leads to its (validated) target.
    target = link_target(page)
    if target:
        return HttpResponseRedirect(target)
    return None


@hooks.register("register_admin_urls")
def column_status_urls():
    return [path("columns/status/", views.ColumnStatusView.as_view(), name="columns_status")]


class ColumnStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return views.status_menu_shown(request)


@hooks.register("register_admin_menu_item")
def column_status_menu_item():
    return ColumnStatusMenuItem(_("栏目更新督查"), reverse("columns_status"), name="column-status", icon_name="date", order=210)
