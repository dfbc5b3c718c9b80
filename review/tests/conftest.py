import pytest


@pytest.fixture(autouse=True)
def _fresh_site_caches():
    """Each test builds its own sites; database ids may repeat after a rollback, so start from clean caches."""
    from review import checks

    checks.reset_caches()
    yield
    checks.reset_caches()
