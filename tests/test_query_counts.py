"""Queries per page type stay bounded: a page with many blocks and items costs no more than a small one.

The bounds are for a cold cache (no renditions cached), the worst case; the numbers are in
the issue's closing report.
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from districts.models import DistrictHomePage
from pagecache import shared
from publishing.models import ArticlePage, BrandPage, ContentPage, NewsIndexPage
from snippets.models import Community, GridWorker
from tests.block_samples import many_blocks

# Queries for one anonymous request of each page type, cold (pagecache.shared has forgotten the
# site and district home; warm, as on all but a process's first request after a change, they cost
# one query for the generation numbers instead of about four). Of these, the site lookup, routing
# (two queries at any depth: districts.routing) and the privacy check (one:
# districts.restrictions) are Wagtail's (about 5); the district home with its emblem, the
# breadcrumbs and the navigation cost 3-4; each block *type* with images costs 2 (images,
# renditions; contact cards: workers, renditions) and each page list 3 (pages, view restrictions,
# renditions), however many blocks and items there are.
MAX_QUERIES = {  # measured, cold cache; with every block type on the page where it has a body
    "portal": 7,
    "district_home": 24,
    "brand": 28,
    "news_index": 13,
    "article": 25,
    "content": 25,
}


def count_queries(client, url):
    # The tests change pages without committing, so no generation moves: pagecache.shared forgets
    # by hand, before the page is warmed (its renditions are created once; what we count is serving
    # them) and before it is counted cold (the site and district home looked up again).
    caches["default"].clear()
    shared.forget()
    client.get(url)
    caches["default"].clear()
    shared.forget()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def images():
    return list(get_image_model().objects.all()[:8])


@pytest.fixture
def workers(xining, images):
    community = Community.objects.filter(district=xining).first()
    return [
        GridWorker.objects.create(
            district=xining,
            community=community,
            grid=community.grids.first(),
            name=f"网格员{n}",
            mobile=f"1391234560{n}",
            role="专职网格员",
            photo=images[n],
            work_phone_public=True,
            work_phone="0971-8123456",
        )
        for n in range(3)
    ]


def set_body(page, blocks):
    page.body = blocks
    page.save_revision().publish()


@pytest.mark.django_db
def test_portal(client):
    portal = count_queries(client, "/")
    print(f"\nQUERIES portal: {portal}")
    assert portal <= MAX_QUERIES["portal"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "url", "model"),
    [
        ("district_home", "/xining/", DistrictHomePage),
        ("brand", "/xining/red-property/", BrandPage),
        ("article", "/xining/news/2022-06-20-1/", ArticlePage),
    ],
)
def test_page_queries_do_not_grow_with_blocks_and_items(client, images, workers, kind, url, model):
    demo = count_queries(client, url)
    print(f"\nQUERIES {kind}: demo page {demo}")
    assert demo <= MAX_QUERIES[kind], "the demo page"
    page = model.objects.get(url_path="/home" + url)
    set_body(page, many_blocks(images[:2], times=1, workers=workers[:1]))
    one_of_each = count_queries(client, url)
    set_body(page, many_blocks(images, times=3, workers=workers))
    three_of_each = count_queries(client, url)
    print(f"\nQUERIES {kind}: demo page, every block type once and three times: {one_of_each}, {three_of_each}")
    assert one_of_each == three_of_each <= MAX_QUERIES[kind], (one_of_each, three_of_each)


@pytest.mark.django_db
def test_news_index_with_many_articles(client):
    news = NewsIndexPage.objects.get(url_path="/home/xining/news/")
    before = count_queries(client, "/xining/news/")
    for n in range(15):
        news.add_child(instance=ArticlePage(title=f"新闻{n}", slug=f"n{n}", summary="摘要", body=[]))
    after = count_queries(client, "/xining/news/")
    print(f"\nQUERIES news_index: {before} with 3 articles, {after} with 18")
    assert after == before <= MAX_QUERIES["news_index"]


@pytest.mark.django_db
def test_content_page(client, images, workers):
    home = DistrictHomePage.objects.get(slug="xining")
    page = ContentPage(title="办事须知", slug="guide", body=many_blocks(images, times=3, workers=workers))
    home.add_child(instance=page)
    page.save_revision().publish()
    content = count_queries(client, "/xining/guide/")
    print(f"\nQUERIES content: {content}")
    assert content <= MAX_QUERIES["content"]
