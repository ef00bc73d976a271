"""Browser tests: Debian's chromium driven by Playwright's sync API.

Every test under tests/browser is marked `browser`; all `browser` tests skip
when /usr/bin/chromium is missing (scripts/test.sh installs it). Tests get the
site's address from `site_url`: pytest-django's live_server, whose server thread
only sees committed data, so the test runs on a transactional database that is
flushed afterwards. `site_url` restores the demo content (a snapshot taken once,
see django_db_setup below) before each test.
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop running in this thread, so
# Django would refuse database access from it (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
# As root in a container Chromium needs --no-sandbox; the network flags stop its
# background calls to Google's hosts, which this machine's closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parent / "artifacts" / "screenshots"


def pytest_collection_modifyitems(config, items):
    # A conftest's hook sees the whole session's items: mark only ours.
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing (scripts/test.sh installs it)")
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
        if not CHROMIUM.exists() and item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()


def _new_page(browser, **options):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    """A desktop page (1280x800) in a fresh context: no cookies shared between tests."""
    context, page = _new_page(browser, viewport={"width": 1280, "height": 800})
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser):
    """A phone-sized page: 390x844 CSS pixels at 2x, touch, zh-CN, Asia/Shanghai."""
    context, page = _new_page(
        browser,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """screenshot(page, name) -> Path of a full-page PNG in tests/artifacts/screenshots/."""

    def take(page, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / (re.sub(r"[^\w.-]+", "-", name).strip("-") + ".png")
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, browser):
    """Snapshot the test database as tests/conftest.py left it (with the demo content).

    A live_server test ends by flushing every table. With serialized rollback
    (requested by `site_url`) Django reloads this snapshot before each such test;
    Django's own snapshot predates the demo content, and restoring it over the
    demo content fails. Taken at the first browser test: the tests before it
    have rolled back (pytest-django runs transactional tests last).

    It needs `browser` started first: while Playwright's event loop runs, Django
    keeps its connections per context instead of per thread, so the snapshot
    must be stored on the connection object the tests will use.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def site_url(live_server, django_db_serialized_rollback):
    """The live server's base URL, e.g. http://localhost:PORT (no trailing slash)."""
    return live_server.url
