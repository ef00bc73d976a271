"""What the page cache serves, keeps and leaves alone: hits and misses, the variants a key holds
(host, 长辈版, query string), and the requests and responses it never keeps."""

import pytest
from django.core.cache import cache
from wagtail.models import Site

from districts.models import DistrictHomePage
from events.models import EventIndexPage, EventPage
from pagecache.middleware import PageCacheMiddleware

pytestmark = pytest.mark.usefixtures("page_cache")


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_second_request_is_a_hit_with_the_same_page(client):
    first = get(client, "/xining/")
    assert first["X-Cache"] == "MISS"
    second = get(client, "/xining/")
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # Headers the inner middleware set are replayed; browsers and CDNs keep nothing for long.
    assert second["X-Frame-Options"] == first["X-Frame-Options"]
    assert "Cookie" in second["Vary"]
    assert second["Cache-Control"] == "max-age=0, must-revalidate"


def test_a_hit_costs_no_rendering_and_one_query(client, django_assert_max_num_queries):
    get(client, "/xining/")
    with django_assert_max_num_queries(1):  # the generation numbers
        assert get(client, "/xining/")["X-Cache"] == "HIT"


def test_elder_mode_and_text_size_are_separate_entries(client):
    standard = get(client, "/xining/")
    client.cookies["display_mode"] = "elder"
    client.cookies["text_size"] = "large"
    elder = get(client, "/xining/")
    assert elder["X-Cache"] == "MISS"
    assert 'class="elder text-large"' in elder.content.decode() or "elder" in elder.content.decode().split(">")[1]
    assert elder.content != standard.content
    assert get(client, "/xining/")["X-Cache"] == "HIT"
    client.cookies["text_size"] = "larger"
    assert get(client, "/xining/")["X-Cache"] == "MISS"
    del client.cookies["display_mode"], client.cookies["text_size"]
    again = get(client, "/xining/")
    assert again["X-Cache"] == "HIT"
    assert again.content == standard.content


def test_other_cookies_share_the_entry(client):
    get(client, "/xining/")
    client.cookies["csrftoken"] = "x" * 32
    client.cookies["analytics"] = "1"
    assert get(client, "/xining/")["X-Cache"] == "HIT"


def test_each_host_has_its_own_entries(client):
    home = DistrictHomePage.objects.get(district__code="630100")
    Site.objects.create(hostname="xining.test", port=80, root_page=home, site_name="西宁")
    portal = get(client, "/")
    district = get(client, "/", HTTP_HOST="xining.test")
    assert district["X-Cache"] == "MISS"
    assert district.content != portal.content
    assert get(client, "/", HTTP_HOST="xining.test").content == district.content
    assert get(client, "/")["X-Cache"] == "HIT"


def test_query_strings_are_part_of_the_key_in_any_order(client):
    a = get(client, "/xining/search/", data={"q": "网格"})
    b = get(client, "/xining/search/", data={"q": "养老"})
    assert a["X-Cache"] == b["X-Cache"] == "MISS"
    assert a.content != b.content
    assert get(client, "/xining/search/?q=网格&page=1")["X-Cache"] == "MISS"
    assert get(client, "/xining/search/?page=1&q=网格")["X-Cache"] == "HIT"


def test_very_long_query_strings_are_served_but_not_kept(client):
    url = "/xining/search/?q=" + "网" * 400
    assert get(client, url).get("X-Cache") != "HIT"
    assert get(client, url).get("X-Cache") != "HIT"


def test_logged_in_users_always_get_a_fresh_page_and_leave_nothing(client, superuser):
    get(client, "/xining/")  # an anonymous copy exists
    client.force_login(superuser)
    response = get(client, "/xining/")
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert response.content != get(client.__class__(), "/xining/").content  # the userbar: theirs only
    client.logout()
    assert get(client, "/xining/")["X-Cache"] == "HIT"


def test_a_page_with_a_sign_up_form_is_never_kept(client, make_event):
    event = make_event(days=5, capacity=10)
    first = get(client, event.url)
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert first.cookies.get("csrftoken")
    assert first["X-Cache"] == "BYPASS"
    client.cookies["csrftoken"] = first.cookies["csrftoken"].value
    assert get(client, event.url)["X-Cache"] == "BYPASS"


def test_private_and_secret_link_pages_are_not_kept(client, make_event):
    from events import signups

    event = make_event(days=5, capacity=10)
    occurrence = event.next_occurrence()
    result = signups.sign_up(event, occurrence, "张三", "13900000001")
    url = event.url + event.reverse_subpage("signup_done", args=[result.signup.token])
    response = get(client, url)
    assert response["X-Cache"] == "BYPASS"
    assert "no-store" in response["Cache-Control"]


def test_posts_admin_and_errors_are_not_kept(client):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/no-such-page/")["X-Cache"] == "BYPASS"
    login = client.get("/admin/login/")
    assert "X-Cache" not in login
    index = EventIndexPage.objects.get(slug="events", depth__gt=2, url_path__startswith="/home/xining/")
    event = EventPage.objects.child_of(index).live().first()
    response = client.post(event.url + event.reverse_subpage("signup"), {})
    assert "X-Cache" not in response


def test_the_page_served_decides_the_scope_not_the_urls_guess(client, monkeypatch):
    from pagecache import scopes

    guess = scopes.scope_of_request  # builds the map; the guess itself is made wrong
    monkeypatch.setattr(scopes, "scope_of_request", lambda request, gen: (guess(request, gen), "portal")[1])
    assert get(client, "/xining/")["X-Cache"] == "BYPASS"
    assert get(client, "/xining/")["X-Cache"] == "BYPASS"


def test_cache_off_means_untouched(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    response = get(client, "/xining/")
    assert "X-Cache" not in response
    assert not any(key for key in getattr(cache, "_cache", {}) if ":page:" in key)


def test_middleware_is_where_a_hit_skips_sessions_and_csrf(settings):
    middleware = settings.MIDDLEWARE
    ours = middleware.index("pagecache.middleware.PageCacheMiddleware")
    assert ours < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert ours < middleware.index("django.middleware.csrf.CsrfViewMiddleware")
    assert ours > middleware.index("django.middleware.security.SecurityMiddleware")
    assert PageCacheMiddleware
