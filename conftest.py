"""Test set-up shared by every app: the seed sites are loaded once into the test database."""

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from seeds import loader

    with django_db_blocker.unblock():
        loader.load()


def pytest_collection_modifyitems(items):
    # Tests that flush the database (live server, browser) run last, so the seeded data serves the rest.
    def flushes(item):
        return any(name in getattr(item, "fixturenames", ()) for name in ("live_server", "transactional_db"))

    items.sort(key=flushes)


@pytest.fixture
def seeded_live_server(live_server, django_db_blocker):
    """A live server whose database holds the seed sites (the flush of earlier live tests removed them)."""
    from seeds import loader
    from sites.models import SiteProfile

    if not SiteProfile.objects.exists():
        loader.load()
    return live_server


@pytest.fixture(autouse=True)
def _tasks_in_process(settings):
    # Tests run background tasks in-process even when REDIS_URL points Celery at a real broker.
    from govsite.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
