"""Routing by url_path gives what Wagtail's level-by-level routing gives, in fewer queries."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from districts import routing
from districts.models import DistrictHomePage
from publishing.models import ArticlePage, ContentPage

pytestmark = pytest.mark.django_db


def route(path, level_by_level=False, monkeypatch=None):
    request = RequestFactory().get(path)
    if level_by_level:
        monkeypatch.setattr(routing, "route_by_url_path", lambda *args: None)
    try:
        result = Page.route_for_request(request, path)
    finally:
        if level_by_level:
            monkeypatch.undo()
    if result is None:
        return None
    page, args, kwargs = result
    view = args[0].__name__ if args else None  # a RoutablePageMixin view, bound to the page
    return (type(page).__name__, page.pk, view, args[1:] if args else (), kwargs)


def public_paths():
    site = Site.objects.get(is_default_site=True)
    paths = [p.get_url_parts()[2] for p in Page.objects.live().descendant_of(site.root_page).specific()]
    subroutes = ["search/", "services/opendata/hsds/json/", "events/feed/", "no-such-page/", "news/no-such/"]
    paths += [f"/xining/{s}" for s in subroutes] + ["/xining/news/2022-06-20-1/extra/", "/nowhere/"]
    return paths


def test_every_demo_url_routes_as_wagtail_routes_it(monkeypatch):
    paths = public_paths()
    assert len(paths) > 100
    for path in paths:
        assert route(path) == route(path, level_by_level=True, monkeypatch=monkeypatch), path


def test_an_article_is_routed_in_four_queries_whatever_its_depth(xining):
    article = ArticlePage.objects.live().descendant_of(xining.home_page).first()
    path = article.get_url_parts()[2]
    assert path.count("/") == 4  # /xining/news/<slug>/
    with CaptureQueriesContext(connection) as queries:
        result = Page.route_for_request(RequestFactory().get(path), path)
    assert result[0].pk == article.pk and isinstance(result[0], ArticlePage)
    # the site, its root page, the pages the path names, the article's own row
    assert len(queries) == 4


def test_a_sub_url_of_the_district_home_wins_over_a_child_page_of_the_same_slug(xining, monkeypatch):
    """Wagtail asks a routable page for its own sub-URLs before its children: so does this."""
    home = xining.home_page
    home.add_child(instance=ContentPage(title="同名页面", slug="search"))
    assert route("/xining/search/")[:3] == ("DistrictHomePage", home.pk, "search_page")
    assert route("/xining/search/") == route("/xining/search/", level_by_level=True, monkeypatch=monkeypatch)


def test_a_draft_is_not_found_and_a_page_under_a_draft_is_served_as_wagtail_does(xining, monkeypatch):
    home = DistrictHomePage.objects.get(pk=xining.home_page.pk)
    section = home.add_child(instance=ContentPage(title="栏目", slug="section", live=False))
    leaf = section.add_child(instance=ContentPage(title="页面", slug="leaf"))
    assert route("/xining/section/") is None
    assert route("/xining/section/leaf/")[1] == leaf.pk
    for path in ("/xining/section/", "/xining/section/leaf/"):
        assert route(path) == route(path, level_by_level=True, monkeypatch=monkeypatch)


def test_a_moved_page_is_found_at_its_new_address_only(xining, yumen):
    article = ArticlePage.objects.live().descendant_of(xining.home_page).first()
    old = article.get_url_parts()[2]
    article.move(yumen.home_page, pos="last-child")
    article.refresh_from_db()
    assert route(old) is None
    assert route(article.get_url_parts()[2])[1] == article.pk
