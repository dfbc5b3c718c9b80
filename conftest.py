"""Test set-up shared by every app.

The test database is migrated and seeded once, then reused: on SQLite the migrated + seeded database is kept as a
file under var/test-db/ and copied into each run's (or each xdist worker's) in-memory database; on PostgreSQL it is
kept as a template database that each run creates its test database from. Both are keyed by a fingerprint of what
the seeded schema and data are made of (migrations, seed files, project code, pinned requirements), so any change to
those builds them again. `pytest --rebuild-seeded-db` forces that.
"""

import fcntl
import hashlib
import itertools
import os
import shutil
import sqlite3
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer

ROOT = Path(__file__).resolve().parent
# What the seeded database is made of: every source, migration and seed file outside tests and tooling.
_FINGERPRINT_SUFFIXES = {".py", ".yaml", ".yml", ".json", ".po"}
_FINGERPRINT_SKIP_DIRS = {"tests", "var", "media", "mutants", "bench", "tools", "node_modules", "__pycache__"}

_serial = itertools.count()
# What a live test's flush is undone from: on SQLite the stored database file, on PostgreSQL the template database.
_seeded_copy = {}
_seeded_template = {}


def pytest_addoption(parser):
    parser.addoption(
        "--rebuild-seeded-db", action="store_true", default=False,
        help="migrate and seed the test database from scratch and store it again for later runs",
    )


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    # When this run started, shared with xdist workers (they inherit the environment): --rebuild-seeded-db
    # rebuilds what was stored before it, once, not once per worker.
    os.environ.setdefault("GOVSITE_TEST_RUN_STARTED", repr(time.time()))

    # Load the URLconf (and with it Wagtail's admin modules) as a server process does, with the default language
    # active; otherwise `migrate`, which runs with translations off, imports them first and Wagtail's module-level
    # gettext() calls (permission labels, filter choices) stay English for the whole session.
    from django.urls import get_resolver
    from django.utils import translation

    with translation.override("zh-hans"):
        get_resolver().url_patterns

    # Background work runs in-process for the whole run, the seeded database's build included: with REDIS_URL set,
    # Celery would otherwise send Wagtail's index updates of the seed pages to a broker no worker reads.
    from govsite.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


def _stale(built_at, rebuild):
    return built_at is None or (rebuild and built_at < float(os.environ["GOVSITE_TEST_RUN_STARTED"]))


def seeded_db_fingerprint():
    from django.conf import settings

    digest = hashlib.sha256()
    for directory, subdirs, files in os.walk(ROOT):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and d not in _FINGERPRINT_SKIP_DIRS)
        for name in sorted(files):
            path = Path(directory, name)
            if (path.suffix in _FINGERPRINT_SUFFIXES and not name.startswith(("test_", "conftest"))) or name == "requirements.lock":
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(repr((sys.version_info[:2], settings.GOVSITE_HOST_SUFFIX, settings.LANGUAGE_CODE)).encode())
    return digest.hexdigest()[:16]


@contextmanager
def _file_lock(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _migrate_and_seed(connection, verbosity):
    from seeds import loader

    connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False)
    loader.load()


def _use_test_name(connection, test_name):
    from django.conf import settings

    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()


def _setup_sqlite(connection, fingerprint, rebuild, verbosity):
    from django.conf import settings

    cache_dir = Path(settings.VAR_DIR) / "test-db"
    cached = cache_dir / f"seeded-{fingerprint}.sqlite3"
    # One builder at a time (xdist workers, parallel runs); the others wait and copy its file.
    with _file_lock(cache_dir / "build.lock"):
        if _stale(cached.stat().st_mtime if cached.exists() else None, rebuild):
            _migrate_and_seed(connection, verbosity)
            partial = cached.with_suffix(f".{os.getpid()}.partial")
            target = sqlite3.connect(partial)
            connection.connection.backup(target)
            target.close()
            os.replace(partial, cached)  # appears whole or not at all
            for stale in cache_dir.glob("seeded-*.sqlite3"):
                if stale != cached:
                    stale.unlink(missing_ok=True)
            _seeded_copy["default"] = cached
            return
    test_name = connection.creation._create_test_db(verbosity, autoclobber=True)  # erases an old on-disk test file
    _use_test_name(connection, test_name)
    restore_sqlite(connection, cached)


def restore_sqlite(connection, cached):
    """Copy the stored seeded database over the test database (SQLite only)."""
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{cached}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    _seeded_copy[connection.alias] = cached


def restore_postgresql(connection, template):
    """Create the test database again from the seeded template (PostgreSQL only): a copy of files, in seconds."""
    from django.contrib.contenttypes.models import ContentType

    test_name = connection.settings_dict["NAME"]
    quote = connection.ops.quote_name
    connection.close()
    with connection._nodb_cursor() as cursor:
        # The live server's request threads close their connections after each request; FORCE ends any left.
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
    connection.ensure_connection()
    ContentType.objects.clear_cache()  # the flush had re-created content types under other ids


def _setup_postgresql(connection, fingerprint, rebuild, verbosity):
    test_name = connection.creation._get_test_db_name()
    prefix = f"test_{connection.settings_dict['NAME'][:30]}_seeded_"  # PostgreSQL names hold 63 bytes
    template = f"{prefix}{fingerprint}"
    _seeded_template[connection.alias] = template
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        # The lock is held by this session until the template exists; other runs on this database name wait for it.
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        # The template's comment says when it was built.
        cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [template])
        row = cursor.fetchone()
        if not _stale(float(row[0] or 0) if row else None, rebuild):
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])
        else:
            if row:
                cursor.execute(f"DROP DATABASE {quote(template)} WITH (FORCE)")
            _migrate_and_seed(connection, verbosity)
            connection.close()  # a database cannot serve as template while someone is connected to it
            cursor.execute(f"CREATE DATABASE {quote(template)} TEMPLATE {quote(test_name)}")
            cursor.execute(f"COMMENT ON DATABASE {quote(template)} IS %s", [repr(time.time())])
            cursor.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
                [prefix.replace("_", r"\_") + "%", template],
            )
            for (stale,) in cursor.fetchall():
                try:
                    cursor.execute(f"DROP DATABASE {quote(stale)}")
                except Exception:  # still being copied by another run: left for the next build
                    pass
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])
            connection.ensure_connection()
            return
    test_settings = connection.settings_dict["TEST"]
    test_settings["TEMPLATE"] = template
    try:
        connection.creation._create_test_db(verbosity, autoclobber=True)  # drops a test database left by a crash
    finally:
        test_settings["TEMPLATE"] = None
    _use_test_name(connection, test_name)


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """Replaces pytest-django's set-up: the migrated and seeded database is built once and copied for each run."""
    from django.core.management import call_command
    from django.db import connections
    from pytest_django.fixtures import _get_databases_for_setup

    verbosity = request.config.option.verbose
    rebuild = request.config.getoption("rebuild_seeded_db")
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    assert set(aliases) <= {"default"}, "the seeded test database supports the default database only"
    connection = connections["default"]
    old_name = connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        fingerprint = seeded_db_fingerprint()
        if connection.vendor == "sqlite":
            _setup_sqlite(connection, fingerprint, rebuild, verbosity)
        elif connection.vendor == "postgresql":
            _setup_postgresql(connection, fingerprint, rebuild, verbosity)
        else:
            raise pytest.UsageError(f"no seeded test database for {connection.vendor}")
        call_command("createcachetable", database="default")
        if "default" in serialized_aliases:
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        connection.creation.destroy_test_db(old_name, verbosity)


def pytest_collection_modifyitems(items):
    # Tests that flush the database (live server, browser) run last, so the seeded data serves the rest.
    def flushes(item):
        return any(name in getattr(item, "fixturenames", ()) for name in ("live_server", "transactional_db"))

    items.sort(key=flushes)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@contextmanager
def chromium():
    """Debian's chromium through Playwright's sync API. While Playwright runs, an event loop runs in this thread,
    and Django (asgiref's Local) would open a separate set of database connections for what runs meanwhile. The
    test keeps its own instead: on SQLite the live server shares the test's in-memory connection, and a second
    connection to that shared-cache database meets the server's statements ("database table is locked"). They are
    closed on the way out, or a later live test's restored database would meet them stale."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    own = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in own.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


@pytest.fixture
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def browser_page(browser):
    return browser.new_page(viewport={"width": 1280, "height": 900})


class _OneRequestAtATime(WSGIServer):
    """The live server for an in-memory SQLite database: its request threads would all share the test's one
    connection, and a browser's requests at once (a form, the favicon, the editor's session ping) then interleave
    their statements ("database table is locked", "cannot release savepoint"). One request at a time, each answered
    with Connection: close, as Django's own single-threaded live server does."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)  # the server thread has taken over the shared connection already


@pytest.fixture(scope="session")
def live_server(request, django_db_setup):
    """pytest-django's live server, started once the test database is set up (before it, the settings still name
    the development database, and on SQLite each request thread would open its own connection to the in-memory
    one), and one request at a time on in-memory SQLite (see _OneRequestAtATime)."""
    from pytest_django.live_server_helper import LiveServer

    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(addr, start=False)
    if server.thread.connections_override:
        server.thread.server_class = _OneRequestAtATime
    server.start()
    yield server
    server.stop()


@pytest.fixture
def seeded_live_server(live_server):
    """A live server whose database holds the seed sites (the flush after each live test empties the database)."""
    from django.core.cache import cache
    from django.db import connection

    from sites.models import SiteProfile

    if not SiteProfile.objects.exists():
        if connection.alias in _seeded_copy:
            restore_sqlite(connection, _seeded_copy[connection.alias])
        else:
            restore_postgresql(connection, _seeded_template[connection.alias])
        cache.clear()  # nothing cached from the flushed database may serve the restored one
    return live_server


@pytest.fixture(autouse=True)
def _fresh_public_cache(settings, tmp_path):
    # The page cache and the published files (static pages, sitemaps) describe the database: each test's
    # database starts from the seeded copy, so each test starts with an empty cache and its own file root.
    from django.core.cache import cache

    settings.GOVSITE_PUBLIC_ROOT = tmp_path / "public"
    cache.clear()


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
