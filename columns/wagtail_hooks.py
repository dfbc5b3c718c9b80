"""A column created, moved or deleted in the admin changes the site's 栏目主体结构, which must be filed
with the supervising office (001 第十七条): each such change is kept in the site's 备案记录."""

from wagtail import hooks
from wagtail.models import Page

from sites.services import profile_for_site, record_filing

from .models import ColumnPage


def _column_path(page):
    """The column as a reader finds it: its ancestor columns and itself, e.g. 信息公开 / 应急管理."""
    ancestors = [p for p in page.get_ancestors().specific() if isinstance(p, ColumnPage)]
    return " / ".join([*(a.title for a in ancestors), page.title])


def _file(request, page, changes, site=None):
    profile = profile_for_site(site or page.get_site())
    if profile is not None:
        record_filing(profile, changes, user=request.user, subject="column_structure")


@hooks.register("after_create_page")
def file_column_created(request, page):
    if isinstance(page.specific, ColumnPage):
        _file(request, page, {"created": [None, _column_path(page)]})


@hooks.register("before_move_page")
def remember_column_origin(request, page, destination):
    if request.method == "POST" and isinstance(page.specific, ColumnPage):
        moves = request.__dict__.setdefault("_govsite_column_moves", {})
        moves[page.pk] = (_column_path(page), page.get_site())


@hooks.register("after_move_page")
def file_column_moved(request, page):
    origin = getattr(request, "_govsite_column_moves", {}).get(page.pk)
    if origin is None:
        return
    old_path, old_site = origin
    moved = Page.objects.get(pk=page.pk).specific
    new_site = moved.get_site()
    changes = {"moved": [old_path, _column_path(moved)]}
    _file(request, moved, changes, site=new_site)
    if old_site is not None and new_site is not None and old_site.pk != new_site.pk:
        _file(request, moved, changes, site=old_site)


@hooks.register("after_delete_page")
def file_column_deleted(request, page):
    if isinstance(page.specific, ColumnPage):
        _file(request, page, {"deleted": [_column_path(page), None]})
