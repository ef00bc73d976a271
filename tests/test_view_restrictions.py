"""Pages behind a password or a login: districts.restrictions answers what Wagtail's own
`get_view_restrictions()` answers (the page's and its ancestors', an alias standing for its
source), in one query; the breadcrumbs routing hands over are the ones the tree gives."""

import pytest
from wagtail.models import Page, PageViewRestriction

from districts.models import DistrictHomePage, PortalHomePage
from districts.restrictions import ancestor_paths
from publishing.models import ArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db


def wagtails(page):
    return set(Page.get_view_restrictions(page).values_list("pk", flat=True))


def ours(page):
    return set(page.get_view_restrictions().values_list("pk", flat=True))


@pytest.fixture
def news():
    home = DistrictHomePage.objects.get(district__code="630100")
    return NewsIndexPage.objects.child_of(home).get()


@pytest.fixture
def article(news):
    return ArticlePage.objects.child_of(news).live().order_by("path").first()


def test_ancestor_paths():
    assert ancestor_paths("000100020003") == ["0001", "00010002", "000100020003"]
    assert ancestor_paths("000100020003", inclusive=False) == ["0001", "00010002"]


def test_no_restrictions_anywhere(article):
    assert ours(article) == wagtails(article) == set()


def test_a_restriction_above_applies_below_and_not_beside(news, article):
    restriction = PageViewRestriction.objects.create(page=news, restriction_type="password", password="x")
    assert ours(article) == wagtails(article) == {restriction.pk}
    assert ours(news) == wagtails(news) == {restriction.pk}
    home = DistrictHomePage.objects.get(district__code="630100")
    assert ours(home) == wagtails(home) == set()
    portal = PortalHomePage.objects.get()
    assert ours(portal) == wagtails(portal) == set()


def test_an_alias_takes_its_source_pages_restriction_not_its_own_place(news, article):
    restriction = PageViewRestriction.objects.create(page=article, restriction_type="login")
    other_home = DistrictHomePage.objects.get(district__code="620981")
    other_news = NewsIndexPage.objects.child_of(other_home).get()
    alias = article.create_alias(parent=other_news, update_slug="alias-of-article")
    assert ours(alias) == wagtails(alias) == {restriction.pk}
    # and a restriction on the alias's own parent counts too, as in Wagtail
    above = PageViewRestriction.objects.create(page=other_news, restriction_type="login")
    assert ours(alias) == wagtails(alias) == {restriction.pk, above.pk}


def test_a_password_page_is_not_shown_without_it(client, news, article):
    PageViewRestriction.objects.create(page=news, restriction_type="password", password="secret-word")
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert article.title not in html.split("<main", 1)[-1] and "password" in html.lower()
    assert client.get(news.url).status_code == 200
    assert article.title not in client.get(news.url).content.decode().split("<main", 1)[-1]


def test_a_login_page_sends_anonymous_readers_to_log_in(client, article):
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    response = client.get(article.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_breadcrumbs_handed_over_by_routing_match_the_tree(client):
    """Every demo page below a district home: the breadcrumb trail is its ancestors from the site root."""
    pages = Page.objects.live().filter(depth__gte=4).specific()
    checked = 0
    for page in pages:
        response = client.get(page.url)
        if response.status_code != 200 or not hasattr(response, "context_data"):
            continue
        crumbs = response.context_data.get("breadcrumbs")
        expected = list(Page.objects.ancestor_of(page).filter(depth__gte=2).order_by("depth"))
        assert [c.pk for c in crumbs] == [p.pk for p in expected], page.url
        checked += 1
    assert checked > 50
