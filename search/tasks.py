"""Index updates as Celery tasks: in-process with no REDIS_URL (the embedded default), on a worker otherwise."""

from celery import shared_task

from .indexing import reindex_subtree


@shared_task(name="search.reindex_subtree")
def reindex_subtree_task(page_id):
    return reindex_subtree(page_id)
