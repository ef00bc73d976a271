"""Redis unreachable, from the start or stopped mid-test: every page is still served, uncached."""

import pytest
from django.core.cache import caches

from pagecache import backends

from .redis_server import free_port, redis_server, redis_sh

pytestmark = pytest.mark.usefixtures("page_cache")
PAGES = ["/", "/xining/", "/yumen/", "/xining/search/?q=网格"]


def use_redis(settings, url):
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.FailOpenRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }


@pytest.fixture
def quick_retry(monkeypatch):
    monkeypatch.setattr(backends, "RETRY_SECONDS", 0.2)


def test_a_closed_port_serves_every_page_uncached(client, settings, caplog):
    use_redis(settings, f"redis://127.0.0.1:{free_port()}/0")
    for url in PAGES:
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["X-Cache"] == "MISS", url  # rendered; the store failed quietly
    assert "Redis unreachable" in caplog.text


def test_redis_stopped_and_started_again_mid_test(client, settings, quick_retry):
    import time

    with redis_server() as (url, port):
        use_redis(settings, url)
        assert client.get("/xining/")["X-Cache"] == "MISS"
        assert client.get("/xining/")["X-Cache"] == "HIT"
        redis_sh("stop", port)
        for page in PAGES:
            response = client.get(page)
            assert response.status_code == 200, page
            assert response["X-Cache"] != "HIT"
        redis_sh("start", port)  # empty again, as a restarted cache is
        time.sleep(0.3)  # past the backend's retry interval
        assert client.get("/xining/")["X-Cache"] == "MISS"
        assert client.get("/xining/")["X-Cache"] == "HIT"


def test_the_backend_fails_open_for_every_call(settings, quick_retry):
    use_redis(settings, f"redis://127.0.0.1:{free_port()}/0")
    cache = caches["default"]
    assert cache.get("k") is None and cache.get("k", "fallback") == "fallback"
    assert cache.add("k", 1) is False
    cache.set("k", 1)
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("k") is False
    with pytest.raises(ValueError):
        cache.incr("k")
    assert cache.get_or_set("k", 5) == 5
