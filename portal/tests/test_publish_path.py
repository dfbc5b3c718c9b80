"""What a publish waits for (issue 11: publish to visible ≤ 1 s): Wagtail's own index updates leave the publish when
Celery has workers, and are sent to them only once the item is committed (portal.tasks)."""

import pytest
from celery.signals import before_task_publish
from wagtail.search.models import IndexEntry

from content.models import ArticlePage
from content.services import place_item

from .public_content import leaf_column

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_to_workers():
    """Celery with a broker (in memory here), as in production; every task message sent, as (name, body)."""
    from govsite.celery import app

    sent = []

    def record(sender=None, body=None, **kwargs):
        sent.append((sender, body))

    eager, broker = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, "memory://"
    before_task_publish.connect(record, weak=False, dispatch_uid="test.sent_to_workers")
    yield sent
    before_task_publish.disconnect(dispatch_uid="test.sent_to_workers")
    app.conf.task_always_eager, app.conf.broker_url = eager, broker


def _wagtail_tasks(sent):
    return [body[0] for name, body in sent if name == "portal.run_wagtail_task"]


def _indexed(item):
    return IndexEntry.objects.filter(object_id=str(item.pk)).exists()


def test_with_workers_wagtail_index_updates_are_sent_after_commit_not_run_in_the_publish(
        profiles, sent_to_workers, django_capture_on_commit_callbacks):
    column = leaf_column(profiles["weibin"], "news", "notice")
    with django_capture_on_commit_callbacks(execute=True):
        item = place_item(column, ArticlePage(title="关于做好秋季防火工作的通知", slug="queued", body="<p>正文。</p>"))
        assert _wagtail_tasks(sent_to_workers) == []  # nothing leaves before the item is committed
    queued = _wagtail_tasks(sent_to_workers)
    paths = {path for path, _args, _kwargs in queued}
    assert {"wagtail.tasks.update_reference_index_task", "modelsearch.tasks.insert_or_update_object_task"} <= paths
    assert not _indexed(item)  # the publish did not do the work itself

    from portal.tasks import run_wagtail_task

    for path, args, kwargs in queued:  # what a worker does with each message
        run_wagtail_task(path, args, kwargs)
    assert _indexed(item)


def test_without_workers_wagtail_index_updates_run_in_the_publish_as_before(profiles):
    column = leaf_column(profiles["weibin"], "news", "notice")
    item = place_item(column, ArticlePage(title="关于做好冬季供暖工作的通知", slug="in-process", body="<p>正文。</p>"))
    assert _indexed(item)
