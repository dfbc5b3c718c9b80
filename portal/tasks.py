"""Wagtail's own background tasks (its search index and reference index, updated on every save of a page) out of
the publish path.

Wagtail hands them to django-tasks, whose default backend runs each one at once, inside the transaction that
saves the page: a publish saves an item three times (add, revision, publish), so six index updates and some
thirty queries ran before the new item could be seen. This backend follows the platform's rule for background
work (DESIGN §1: Celery with Redis in production, in-process without): when Celery has a broker (not eager) each
task is sent to the Celery workers after the transaction commits — the item is online first, the indexes follow
(a rolled-back save sends nothing); in-process (the embedded default, the tests) it runs at once as before."""

from celery import shared_task
from django.db import transaction
from django_tasks.backends.immediate import ImmediateBackend


def _queued():
    from govsite.celery import app

    return not app.conf.task_always_eager


class AfterCommitCeleryBackend(ImmediateBackend):
    def enqueue(self, task, args, kwargs):
        if task.takes_context or not _queued():
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        path = task.module_path
        transaction.on_commit(lambda: run_wagtail_task.delay(path, list(args), dict(kwargs)))
        return None


@shared_task(name="portal.run_wagtail_task", ignore_result=True)
def run_wagtail_task(path, args, kwargs):
    """A django-tasks task (by its function's dotted path) run by a Celery worker, as the immediate backend would."""
    from django.utils.module_loading import import_string

    task = import_string(path)
    return task.call(*args, **kwargs)
