"""A column created, copied, moved, deleted, unpublished or protected changes the site's 栏目主体结构, which must
be filed with the supervising office (001 第十七条). Wagtail writes a log entry for each of these actions on every
path (editor, bulk actions, copy, commands), so the 备案记录 follows its log rather than any one view."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page, PageLogEntry

from sites.services import profile_for_site, record_filing

from .models import ColumnPage

# Wagtail log action → the 备案 change it files.
FILED_ACTIONS = {
    "wagtail.create": "created",
    "wagtail.copy": "created",
    "wagtail.create_alias": "created",
    "wagtail.move": "moved",
    "wagtail.delete": "deleted",
    "wagtail.unpublish": "closed",
    "wagtail.unpublish.scheduled": "closed",
    "wagtail.publish": "opened",
    "wagtail.rename": "renamed",
    "wagtail.view_restriction.create": "restricted",
    "wagtail.view_restriction.edit": "restricted",
    "wagtail.view_restriction.delete": "unrestricted",
}


def column_path(page, parent=None):
    """The column as a reader finds it: its ancestor columns and itself, e.g. 信息公开 / 应急管理."""
    parent = parent or page.get_parent()
    ancestors = [p for p in parent.get_ancestors(inclusive=True).specific() if isinstance(p, ColumnPage)]
    return " / ".join([*(a.title for a in ancestors), page.title])


def _changes(entry, page):
    change = FILED_ACTIONS[entry.action]
    path = column_path(page)
    if change == "moved":
        source = Page.objects.filter(pk=entry.data.get("source", {}).get("id")).first()
        return {change: [column_path(page, parent=source) if source else entry.data["source"].get("title"), path]}
    if change == "renamed":
        return {change: [entry.data.get("title", {}).get("old"), path]}
    if change in ("deleted", "closed"):
        return {change: [path, None]}
    return {change: [None, path]}


@receiver(post_save, sender=PageLogEntry)
def file_column_structure_change(sender, instance, created, raw=False, **kwargs):
    if not created or raw or instance.action not in FILED_ACTIONS:
        return
    logged_as = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    if logged_as is not None and logged_as is not Page and not issubclass(logged_as, ColumnPage):
        return  # the entry names the page's own type: an item's entries (every publish) need no page query
    page = Page.objects.filter(pk=instance.page_id).specific().first()
    if not isinstance(page, ColumnPage):
        return
    if instance.action == "wagtail.publish" and not _was_closed(page, instance):
        return  # an ordinary save-and-publish of the column's settings is not a structure change
    profile = profile_for_site(page.get_site())
    if profile is not None:
        record_filing(profile, _changes(instance, page), user=instance.user, subject="column_structure")


def _was_closed(page, entry):
    """Publishing a column files a 重新开放 only when it was closed (unpublished) before."""
    previous = PageLogEntry.objects.filter(page_id=page.pk, action__in=["wagtail.unpublish", "wagtail.publish"]).exclude(pk=entry.pk)
    last = previous.order_by("-timestamp", "-pk").first()
    return last is not None and last.action == "wagtail.unpublish"
