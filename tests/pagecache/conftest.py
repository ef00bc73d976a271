"""The page cache on, as in production, for the tests of this folder."""

import pytest
from django.core.cache import cache

from pagecache import scopes
from tests.events.conftest import events_index, make_event  # noqa: F401  (events to cache)


@pytest.fixture
def page_cache(settings, db):
    settings.PAGE_CACHE_SECONDS = 600
    scopes.reset()  # generations restart with each test's rolled-back database
    cache.clear()
    yield
    scopes.reset()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a block leaves for after its commit (the generation bumps) as production would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
