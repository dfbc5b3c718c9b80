"""The index follows every change to what the public can see: publish (and edit-and-publish), unpublish, move,
privacy restrictions, delete. A single page is indexed inside the transaction that changes it, so it is found the
moment that commits and a refused or rolled-back publication never reaches the index; a subtree is indexed by a
Celery task after the commit."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger(__name__)
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


def schedule(page_id, published=False):
    collected = _deferred.get()
    if collected is not None:
        collected.add(page_id)
        return
    # Only a publication is indexed in its own transaction. An unpublish may be the first step of a delete (Wagtail
    # unpublishes a live page in pre_delete): an entry written then would outlive the page it points to.
    if not (published and _index_now(page_id)):
        from .tasks import reindex_subtree_task

        transaction.on_commit(lambda: reindex_subtree_task.delay(page_id))


def _index_now(page_id):
    """Issue 12: the index follows a publication within a second. A page with nothing below it (an item: the
    common case) is indexed at once, in the transaction that publishes it: it is found the moment that commits,
    whatever else runs after the commit, and a rolled-back publication takes its entry with it. A page with pages
    below it (a column moved, unpublished or restricted) may stand for thousands of entries: a Celery task takes
    it after the commit (in-process when no REDIS_URL is set), as it takes a page whose indexing failed here
    (inside a savepoint: the publication itself goes on)."""
    from .indexing import reindex_subtree

    if Page.objects.filter(pk=page_id).values_list("numchild", flat=True).first():
        return False
    try:
        with transaction.atomic():
            reindex_subtree(page_id)
    except Exception:  # noqa: BLE001  logged; the worker tries again after the commit
        logger.exception("search: indexing page %s in its publishing transaction failed; queued for the worker", page_id)
        return False
    return True


@receiver(page_published)
def _published(sender, instance, **kwargs):
    schedule(instance.pk, published=True)


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
