"""Column structure changes beyond Wagtail's own (add, rename, move, delete are Wagtail actions, filed by
columns.filing): close a column — asking where its items go —, merge one column into another, reopen a closed
one. Each goes through Wagtail's actions with the acting person, so the policy point (orgs.page_permissions)
answers for every step, and each is filed in the site's 备案记录 (001 第十七条: changes of 栏目主体结构 are filed).
All or nothing: one transaction."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.actions.move_page import MovePageAction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Page

from orgs.permissions import can_restructure_columns
from sites.services import profile_for_site, record_filing

from .feeds import manual_posting_refusals
from .filing import column_path
from .models import ColumnPage


class StructureError(Exception):
    """A structure change that cannot be made; the message is Chinese."""


def _check(user, column):
    site_id = column.site_id_for_rules()
    if not can_restructure_columns(user, site_id):
        # 003 第八条: 栏目增减 is organised by the office that runs the site (网站管理员).
        raise StructureError(_("只有本网站的网站管理员可以关闭、合并或重新开放栏目。"))


def _items(column):
    """The column's own items (pages under it that are not columns)."""
    return list(Page.objects.child_of(column).not_type(ColumnPage).specific())


def _live_subcolumns(column):
    return ColumnPage.objects.child_of(column).live()


def valid_destinations(column):
    """Live columns of the same site that can take the items: not the column itself nor one below it."""
    site = column.get_site()
    return (
        ColumnPage.objects.descendant_of(site.root_page).live()
        .exclude(path__startswith=column.path).order_by("path")
    )


def _free_slug(parent, slug, taken):
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _move_items(items, destination, user):
    taken = set(Page.objects.child_of(destination).values_list("slug", flat=True))
    for item in items:
        slug = _free_slug(destination, item.slug, taken)
        taken.add(slug)
        if slug != item.slug:
            Page.objects.filter(pk=item.pk).update(slug=slug)  # a sibling in the destination has its slug
            item.slug = slug
        # Wagtail's move: asks the policy point (can_move_to) for this person and logs wagtail.move.
        MovePageAction(item, destination, pos="last-child", user=user).execute()


@transaction.atomic
def close_column(column, *, user, items_to=None, merged=False):
    """Take a column offline. Its items move to `items_to` (a live column of the same site), or, with None, go
    offline with it and stay inside it (reopening brings the column back; its items are published again one by
    one, through the review gate). A column with live sub-columns is not closed: they are closed first."""
    column = ColumnPage.objects.select_for_update().get(pk=column.pk)
    _check(user, column)
    if not column.live:
        raise StructureError(_("栏目“%(title)s”已经关闭。") % {"title": column.title})
    if _live_subcolumns(column).exists():
        raise StructureError(_("栏目“%(title)s”下还有开放的下级栏目，请先关闭、合并或移走下级栏目。") % {"title": column.title})
    items = _items(column)
    moved_to = None
    if items_to is not None:
        items_to = ColumnPage.objects.get(pk=items_to.pk)
        if not valid_destinations(column).filter(pk=items_to.pk).exists():
            raise StructureError(_("信息只能转入本网站其他开放的栏目（不能是本栏目或其下级栏目）。"))
        try:
            _move_items(items, items_to, user)
        except PermissionDenied as exc:  # Wagtail's MovePagePermissionError: the policy point said no
            reason = "".join(manual_posting_refusals(items_to)) or _("您无权在该栏目放置信息。")
            raise StructureError(_("不能把信息转入栏目“%(title)s”：%(reason)s") % {"title": items_to.title, "reason": reason}) from exc
        moved_to = column_path(items_to)
    profile = profile_for_site(column.get_site())
    source_path = column_path(column)
    if profile is not None and (merged or (items and moved_to)):
        changes = {}
        if merged:
            changes["merged"] = [source_path, moved_to]
        if items and moved_to:
            changes["items_moved"] = [source_path, _("%(path)s（%(n)s 条信息）") % {"path": moved_to, "n": len(items)}]
        record_filing(profile, changes, user=user, subject="column_structure")
    # Wagtail's unpublish (can_unpublish asked; wagtail.unpublish logged, which files 关闭栏目): the items still
    # inside go offline with the column, as a closed column's address no longer answers.
    UnpublishPageAction(column, user=user, include_descendants=True).execute()
    return len(items) if moved_to else 0


def merge_columns(source, target, *, user):
    """Merge `source` into `target`: its items move to the target, then it closes; filed as 合并栏目."""
    if target is None:
        raise StructureError(_("合并栏目须选择并入哪个栏目。"))
    return close_column(source, user=user, items_to=target, merged=True)


@transaction.atomic
def reopen_column(column, *, user):
    """Bring a closed column back online (its settings as last saved). Filed as 重新开放栏目 (columns.filing)."""
    column = ColumnPage.objects.select_for_update().get(pk=column.pk)
    _check(user, column)
    if column.live:
        raise StructureError(_("栏目“%(title)s”没有关闭，无须重新开放。") % {"title": column.title})
    parent = column.get_parent()
    if not parent.live:
        raise StructureError(_("上级栏目“%(title)s”已关闭，请先重新开放上级栏目。") % {"title": parent.title})
    revision = column.save_revision(user=user, log_action=False)
    revision.publish(user=user)  # Wagtail asks can_publish: columns are the 网站管理员's
    return column
