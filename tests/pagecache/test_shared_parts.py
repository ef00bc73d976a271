"""pagecache.shared, with the page cache off: a page renders from the site and district home
remembered for its generation numbers, and any change that moves the numbers shows on the very
next request, in every district it touches and no other."""

import datetime as dt

import pytest
from django.db import DatabaseError
from wagtail.models import Site

from districts.models import District, DistrictHomePage
from pagecache import generations, shared
from publishing.models import ArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db


def html(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def first_article(slug):
    return ArticlePage.objects.live().filter(url_path__startswith=f"/home/{slug}/").order_by("path").first()


@pytest.fixture
def article(db):
    return first_article("xining")


def test_a_page_after_the_first_costs_four_queries(client, article, django_assert_num_queries):
    html(client, article.url)
    # The generation numbers, the routing chain, the article's row, its view restrictions.
    with django_assert_num_queries(4):
        html(client, article.url)


def test_without_the_numbers_pages_are_served_as_before(client, article, monkeypatch):
    def unreadable(request):
        raise DatabaseError("generation table locked")

    monkeypatch.setattr(generations, "for_request", unreadable)
    assert "西宁" in html(client, article.url)
    assert "西宁" in html(client, article.url)


def test_switched_off_nothing_is_remembered(client, article, settings, django_assert_max_num_queries):
    settings.SHARED_PARTS_IN_MEMORY = False
    html(client, article.url)
    with django_assert_max_num_queries(20) as queries:
        html(client, article.url)
    assert not any("pagecache_generation" in q["sql"] for q in queries.captured_queries)
    assert len(queries) > 4


def test_each_district_renders_its_own_brand(client, article):
    yumen = first_article("yumen")
    for _ in range(2):
        xining_html, yumen_html = html(client, article.url), html(client, yumen.url)
        assert "--brand: #b5121b" in xining_html and "--brand: #b5121b" not in yumen_html
        assert "--brand: #9c1c1c" in yumen_html and "玉门" in yumen_html.split("</header>")[0]


def test_a_district_colour_shows_on_the_next_request(client, article, committed):
    html(client, article.url)
    with committed():
        district = District.objects.get(code="630100")
        district.colour_primary = "#123456"
        district.save()
    assert "--brand: #123456" in html(client, article.url)


def set_navigation(home, page, label):
    home.navigation = [("link", {"label": label, "link": {"page": page, "url": ""}})]
    home.save_revision().publish()


def header(client, url):
    return html(client, url).split("</header>")[0]


def test_the_navigation_edited_on_the_home_page_shows_on_every_page(client, article, committed):
    html(client, article.url)
    home = DistrictHomePage.objects.get(district__code="630100")
    with committed():
        set_navigation(home, NewsIndexPage.objects.child_of(home).first(), "新的导航")
    assert "新的导航" in header(client, article.url)


def test_a_page_the_navigation_links_to_is_shown_at_its_new_url(client, article, committed):
    home = DistrictHomePage.objects.get(district__code="630100")
    linked = NewsIndexPage.objects.child_of(home).first()
    with committed():
        set_navigation(home, linked, "新闻")
    assert f'href="/xining/{linked.slug}/"' in header(client, article.url)
    with committed():
        linked.slug = "renamed-news"
        linked.save_revision().publish()
    article.refresh_from_db()
    assert 'href="/xining/renamed-news/"' in header(client, article.url)


def test_a_new_site_for_a_district_routes_at_once(client, yumen, committed):
    html(client, "/", HTTP_HOST="yumen.test")  # the default site: the portal
    with committed():
        Site.objects.create(
            hostname="yumen.test", port=80, root_page=DistrictHomePage.objects.get(district=yumen), site_name="玉门市"
        )
    assert "--brand: #9c1c1c" in html(client, "/", HTTP_HOST="yumen.test")


def test_admin_requests_read_no_numbers(admin_client, django_assert_max_num_queries):
    admin_client.get("/admin/")
    with django_assert_max_num_queries(50) as queries:
        admin_client.get("/admin/")
    assert not any("pagecache_generation" in q["sql"] for q in queries.captured_queries)


def test_entries_are_one_per_scope(client, article):
    shared.forget()
    for _ in range(3):
        html(client, article.url)
        html(client, first_article("yumen").url)
    scopes = {scope for scope, _name in shared._entries}
    assert len(shared._entries) == 4 and len(scopes) == 2


# -- the demand dashboard's figures ----------------------------------------------------------------


def dashboard_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context_data["dashboard"]


@pytest.fixture
def yumen_dashboard(yumen):
    from demands.pages import DemandDashboardPage

    return DemandDashboardPage.objects.get(slug="suqiu", path__startswith=yumen.home_page.path)


def test_the_dashboard_after_the_first_costs_four_queries(client, yumen_dashboard, django_assert_num_queries):
    dashboard_of(client, yumen_dashboard.url)
    # The generation numbers, the routing chain, the page's row, its view restrictions.
    with django_assert_num_queries(4):
        dashboard_of(client, yumen_dashboard.url)


def test_each_period_and_community_has_its_own_figures(client, yumen, yumen_dashboard):
    from demands.dashboard import Dashboard
    from snippets.models import Community

    district = dashboard_of(client, yumen_dashboard.url)
    for community in Community.objects.filter(district=yumen)[:3]:
        url = f"{yumen_dashboard.url}?community={community.pk}"
        shown = dashboard_of(client, url)
        assert shown.community == community
        assert shown.total.raw == Dashboard(yumen, {"community": str(community.pk)}).total.raw
        assert shown.total.received < district.total.received
    assert dashboard_of(client, yumen_dashboard.url).total.raw == district.total.raw


def test_imported_demands_show_on_the_next_request(client, yumen, yumen_dashboard, committed):
    from snippets.models import Community
    from tests.demands.helpers import RECORD_HEADER, record, run_import

    shown = dashboard_of(client, yumen_dashboard.url)
    before, before_html, latest = shown.total.received, shown.figures_html, shown.period.end
    community = Community.objects.filter(district=yumen).first()
    day = f"{latest:%Y-%m}-05 09:00"
    rows = [record(f"NEW{n}", day, community.name, resolved=f"{latest:%Y-%m}-06 09:00") for n in range(7)]
    with committed():
        report = run_import("demand_records", yumen, RECORD_HEADER, rows)
    assert report.errors == [] and report.created == 7
    shown = dashboard_of(client, yumen_dashboard.url)
    assert shown.total.received == before + 7
    assert shown.figures_html != before_html  # the charts and tables are drawn again
    assert shown.figures_html in html(client, yumen_dashboard.url)


def test_entries_never_grow_past_their_limit(client, article, monkeypatch):
    monkeypatch.setattr(shared, "MAX_ENTRIES", 3)
    shared.forget()
    for url in (article.url, first_article("yumen").url, "/", "/xining/", "/yumen/"):
        html(client, url)
        assert len(shared._entries) <= 3


# -- the district's calendar and its centres' positions ------------------------------------------


def test_a_holiday_added_to_the_district_calendar_shows_on_the_next_request(client, xining, committed):
    from centres import hours
    from centres.models import CalendarHoliday, DistrictCalendar, ServiceCentrePage

    centre = ServiceCentrePage.objects.live().filter(district=xining, open_on_holidays=False).first()
    assert "测试闭馆日" not in html(client, centre.url)
    day = hours.local(None).date() + dt.timedelta(days=2)
    calendar = DistrictCalendar.objects.get(district=xining, year=day.year)
    with committed():
        calendar.holidays.add(CalendarHoliday(name="测试闭馆日", start=day, end=day))
        calendar.save()
    assert "测试闭馆日，闭馆" in html(client, centre.url)


def test_search_finds_the_site_once_and_excerpts_follow_an_edited_page(client, article, committed):
    with committed():
        article.summary = "冰湖测试词 旧的说明文字"
        article.search_description = ""
        article.save_revision().publish()
    assert "旧的说明文字" in html(client, "/search/?q=冰湖测试词")
    with committed():
        article.summary = "冰湖测试词 新的说明文字"
        article.save_revision().publish()
    found = html(client, "/search/?q=冰湖测试词")
    assert "新的说明文字" in found and "旧的说明文字" not in found


def test_a_part_that_changes_with_the_clock_is_kept_until_then_and_says_so(monkeypatch):
    from types import SimpleNamespace

    from django.utils import timezone

    from pagecache import expiry

    now = timezone.now()
    soon = now + dt.timedelta(minutes=5)
    computed = []

    def compute():
        computed.append(timezone.now())
        expiry.expire_when(soon)  # as centres.hours does for a status
        return len(computed)

    def request(at):
        """remember() inside a request with fixed numbers, rendered for the page cache at `at`."""
        monkeypatch.setattr(timezone, "now", lambda: at)
        page = SimpleNamespace(cache_until=None)
        tokens = shared._current.set(SimpleNamespace(numbers=lambda: ("district:1", (1, 1)))), expiry.rendering(page)
        try:
            return shared.remember("a status", compute), page.cache_until
        finally:
            expiry.done_rendering(tokens[1])
            shared._current.reset(tokens[0])

    assert request(now) == (1, soon)
    assert request(now + dt.timedelta(minutes=4)) == (1, soon)  # remembered, and the page told when it ends
    assert request(soon) == (2, soon)  # worked out again


def test_when_full_the_least_recently_used_entries_go(monkeypatch):
    from types import SimpleNamespace

    monkeypatch.setattr(shared, "MAX_ENTRIES", 4)
    token = shared._current.set(SimpleNamespace(numbers=lambda: ("district:1", (1, 1))))
    try:
        for name in "abcd":
            shared.remember(name, lambda name=name: name)
        shared.remember("a", lambda: "a again")  # used: now the most recent
        shared.remember("e", lambda: "e")  # full: the least used go ("b")
        assert [key[1] for key in shared._entries] == ["c", "d", "a", "e"]
        assert shared.remember("a", lambda: "a again") == "a"  # still remembered
    finally:
        shared._current.reset(token)
