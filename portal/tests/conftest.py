import pytest
from django.utils import translation


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    """Load the URLconf (and with it Wagtail's admin modules, hooks and viewsets) the way a server process does:
    with the default language active. Otherwise the test database's `migrate`, which runs with translations
    deactivated, is the first to import them, and Wagtail's module-level gettext() calls (permission labels,
    filter choices) stay English for the whole session, which no server ever shows."""
    from django.urls import get_resolver

    with translation.override("zh-hans"):
        get_resolver().url_patterns
