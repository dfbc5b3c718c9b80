from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from content.publishing import PRE_PUBLISH_HOOK  # the hook name only: content's gate asks columns' rule
from orgs.page_permissions import PLACEMENT_GATE_HOOK, PUBLISH_GATE_HOOK

from . import feeds, structure_views, views
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
    return [
        path("columns/status/", views.ColumnStatusView.as_view(), name="columns_status"),
        path("columns/reminders/read/", views.mark_reminders_read, name="columns_reminders_read"),
        path("columns/<int:pk>/close/", structure_views.close_view, name="columns_close"),
        path("columns/<int:pk>/merge/", structure_views.merge_view, name="columns_merge"),
        path("columns/<int:pk>/reopen/", structure_views.reopen_view, name="columns_reopen"),
    ]


class ColumnStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return views.status_menu_shown(request)


@hooks.register("register_admin_menu_item")
def column_status_menu_item():
    return ColumnStatusMenuItem(_("栏目更新督查"), reverse("columns_status"), name="column-status", icon_name="date", order=210)


# --- 数据接口 / 服务接口 columns take no items by hand (columns/feeds.py) -----------------------------------------

@hooks.register(PLACEMENT_GATE_HOOK)
def no_hand_placement_in_fed_columns(user, parent):
    return feeds.placement_refusals(user, parent)


@hooks.register(PUBLISH_GATE_HOOK)
def no_hand_publishing_in_fed_columns(user, page):
    return feeds.item_refusals(page)


@hooks.register(PRE_PUBLISH_HOOK)
def no_direct_publication_in_fed_columns(title, body, site, page, user=None, direct=True):
    # content.publishing's gate: also a workflow approval or a revert by a person. The import path (SYSTEM_LOAD)
    # and shares into other sites (not direct) still pass.
    from content.publishing import SYSTEM_LOAD, current_publication_path

    if user is None or not direct or current_publication_path() == SYSTEM_LOAD:
        return []
    return [(None, reason) for reason in feeds.item_refusals(page)]


# --- Workbenches and reminders on the dashboard (columns/workbench.py, columns/reminders.py) --------------------

@hooks.register("construct_homepage_panels")
def column_workbench_panel(request, panels):
    from .workbench import ColumnWorkbenchPanel

    panels.append(ColumnWorkbenchPanel())


# --- Close, merge, reopen (columns/structure.py): buttons for the 网站管理员 beside Wagtail's own ----------------

def _structure_buttons(page, user):
    from orgs.page_permissions import site_id_of
    from orgs.permissions import can_restructure_columns

    from .models import ColumnPage

    if page.specific_class is not ColumnPage or not can_restructure_columns(user, site_id_of(page)):
        return
    if page.live:
        yield Button(_("关闭栏目"), reverse("columns_close", args=[page.pk]), icon_name="folder-inverse", priority=61)
        yield Button(_("合并栏目"), reverse("columns_merge", args=[page.pk]), icon_name="folder-inverse", priority=62)
    else:
        yield Button(_("重新开放栏目"), reverse("columns_reopen", args=[page.pk]), icon_name="folder-open-inverse", priority=61)


@hooks.register("register_page_header_buttons")
def column_structure_header_buttons(page, user, view_name, next_url=None):
    yield from _structure_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def column_structure_listing_buttons(page, user, next_url=None):
    yield from _structure_buttons(page, user)
