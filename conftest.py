"""Test set-up shared by every app: the seed sites are loaded once into the test database."""

import itertools

import pytest

_serial = itertools.count()


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


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Real logins hash passwords; the fast hasher keeps the suite quick (the rules do not depend on it).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def profiles(db):
    from sites.models import SiteProfile

    return {p.code: p for p in SiteProfile.objects.select_related("site")}


@pytest.fixture
def make_person(profiles):
    """make_person(role, "hebjgbz", "监督处") → a user holding that role on that site and department."""
    from orgs.services import assign_role, create_account

    def make(role, site_code=None, dept=None, *, username=None, password=None, must_change=False, full_name=""):
        user, _ = create_account(username or f"p{next(_serial)}", password=password, full_name=full_name, must_change=must_change)
        site = profiles[site_code].site if site_code else None
        organization = profiles[site_code].departments.get(short_name=dept) if dept else None
        if role:
            assign_role(user, role, site=site, organization=organization)
        return user

    return make
