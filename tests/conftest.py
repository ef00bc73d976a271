"""Shared test configuration: the demo content loaded once, and users of each district's groups."""

import io
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import connections

from districts.models import District, DistrictRole
from pagecache import scopes, shared


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts from the demo content (seven districts and their places).

    The content is loaded once and serialized, so that a transactional test (a browser test, a
    background worker) marked `django_db(transaction=True, serialized_rollback=True)` gets it
    back in seconds instead of loading the demo again."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())
        for connection in connections.all(initialized_only=True):
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Wagtail caches the sites' root paths (and renditions), pagecache.shared the sites and
    district homes: a Site or page a test made and rolled back must not serve the next test."""
    yield
    caches["default"].clear()
    shared.forget()
    scopes.reset()


@pytest.fixture
def make_user(db):
    """make_user("630100", "data_admin") → a user in that district's 数据管理员 group."""
    counter = iter(range(1, 10_000))

    def make(code, role, **extra):
        role_row = DistrictRole.objects.get(district__code=code, role=role)
        user = get_user_model().objects.create_user(f"{role}-{code}-{next(counter)}", password="test-pass-123", **extra)
        user.groups.add(role_row.group)
        return user

    return make


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.invalid", "test-pass-123")


@pytest.fixture
def xining(db):
    return District.objects.get(code="630100")


@pytest.fixture
def yumen(db):
    return District.objects.get(code="620981")


def pytest_collection_modifyitems(config, items):
    """Skip tests marked `postgres` unless DATABASE_URL points at PostgreSQL."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run scripts/test.sh --postgres")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)
