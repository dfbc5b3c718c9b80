from django.db import connection
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published, post_page_move

from orgs.signals import roles_changed

from . import tally
from .models import ColumnPage
from .permissions import sync_site_permissions, sync_user_permissions


@receiver(roles_changed)
def derive_permissions_for_user(sender, user, **kwargs):
    sync_user_permissions(user)


@receiver(page_published, sender=ColumnPage)
def derive_permissions_for_column(sender, instance, **kwargs):
    # A column's 责任部门 changed (or it is new): its site's editors' page permissions follow.
    site = instance.get_site()
    if site is not None and not getattr(instance, "_bulk_loading", False):
        sync_site_permissions(site)


# Item tallies (columns/tally.py), in the transaction of the change. Publishing and unpublishing save the page
# (post_save); a draft save names its fields and touches none of these.
TALLY_FIELDS = {"live", "publish_date", "path", "depth"}


def _is_item(instance):
    from wagtail.models import Page

    from content.models import ItemPage

    if isinstance(instance, ItemPage):
        return True
    if not isinstance(instance, Page):
        return False
    cls = instance.specific_class  # a base Page row saved by Wagtail's move or unpublish
    return cls is not None and issubclass(cls, ItemPage)


def _tally_relevant(instance, raw, update_fields):
    return not raw and (update_fields is None or TALLY_FIELDS.intersection(update_fields)) and _is_item(instance)


@receiver(pre_save)
def remember_item_state(sender, instance, raw=False, update_fields=None, **kwargs):
    """The item as stored before this save, so the save after it moves the tallies by one item instead of
    recounting its column. Inside a transaction the row is locked first: two saves of one item cannot both count
    the same change. Outside one, the tally is recounted as before."""
    instance.__dict__.pop("_tally_before", None)  # never one left by a save that failed
    if not _tally_relevant(instance, raw, update_fields):
        return
    if instance.pk is None:
        instance._tally_before = None
    elif connection.in_atomic_block:
        instance._tally_before = tally.item_state(instance.pk, lock=True)


@receiver(post_save)
def tally_saved_item(sender, instance, raw=False, update_fields=None, **kwargs):
    if not _tally_relevant(instance, raw, update_fields):
        return
    before = instance.__dict__.pop("_tally_before", _UNKNOWN)
    if before is _UNKNOWN:
        path = tally.parent_path(instance)
        if path:
            tally.refresh(path)
        return
    tally.apply_change(before, tally.item_state(instance.pk))


_UNKNOWN = object()


@receiver(post_page_move)
def tally_moved_item(sender, instance, parent_page_before, parent_page_after, **kwargs):
    """Both parents are recounted: the save Wagtail's move makes comes after the tree already moved, so it sees
    no change of place."""
    if _is_item(instance):
        tally.refresh(parent_page_before.path)
        tally.refresh(parent_page_after.path)


@receiver(post_delete)
def tally_deleted_item(sender, instance, **kwargs):
    if getattr(instance, "path", None) and _is_item(instance):
        tally.refresh(tally.parent_path(instance), create=False)  # the parent may be going too: never insert
