"""The index follows every change to what the public can see: publish (and edit-and-publish), unpublish, move,
privacy restrictions, delete. Updates run after the transaction commits, so a refused or rolled-back publication
never reaches the index."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

_deferred = ContextVar("govsite_search_deferred", default=None)


@contextmanager
def deferred_indexing():
    """Bulk work (import_items) collects the pages it touched and indexes them in bulk once, at the end."""
    collected = set()
    token = _deferred.set(collected)
    try:
        yield collected
    finally:
        _deferred.reset(token)


def schedule(page_id):
    collected = _deferred.get()
    if collected is not None:
        collected.add(page_id)
        return
    from .tasks import reindex_subtree_task

    transaction.on_commit(lambda: reindex_subtree_task.delay(page_id))


@receiver(page_published)
def _published(sender, instance, **kwargs):
    schedule(instance.pk)


@receiver(page_unpublished)
def _unpublished(sender, instance, **kwargs):
    schedule(instance.pk)


@receiver(post_page_move)
def _moved(sender, instance, **kwargs):
    schedule(instance.pk)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _privacy_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    schedule(instance.page_id)
