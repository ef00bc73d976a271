"""Search ranking: search/sqlite.py (the full-text query run once) and search/postgres.py (the
matching index entries found before the pages) answer exactly as modelsearch's own query on their
database (same objects, order, scores and counts); on both databases the order is best first, ties
newest first."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.query import And, Not, Or, Phrase, PlainText
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from districts.models import DistrictHomePage
from search.backend import chinese_backend_class
from services.models import ServiceGuidePage

_slugs = itertools.count(1)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="compares with modelsearch's SQLite query")
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="compares with modelsearch's PostgreSQL query (set DATABASE_URL)"
)


def add_page(parent, title, description=""):
    page = Page(title=title, slug=f"ranking-test-{next(_slugs)}", search_description=description)
    parent.add_child(instance=page)
    return page


@pytest.fixture
def ice_pages(xining):
    """Pages under 西宁 that match 冰湖 more or less well, three of them alike (equal scores)."""
    home = DistrictHomePage.objects.get(district=xining)
    pages = {
        "title and text": add_page(home, "冰湖垂钓大赛", "冰湖垂钓大赛在冰湖举行，冰湖垂钓"),
        "text only": add_page(home, "周末活动通知", "本周末有冰湖垂钓"),
        "long text": add_page(home, "社区活动汇总", "冰湖" + "，社区居民参加各类文体活动" * 20),
    }
    for n in range(3):
        pages[f"alike {n}"] = add_page(home, "冰湖观景台开放", "冰湖观景台")
    # Title weights as `update_index` leaves them (each save weighs only its own title), so the alike tie.
    get_search_backend().get_index_for_model(Page)._refresh_title_norms(full=True)
    return pages


def stock_backend():
    """The site's backend without search/sqlite.py or search/postgres.py: modelsearch's query, in Chinese."""
    if connection.vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend as base
    else:
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend as base

    return chinese_backend_class(base)({})


def scored(results):
    return [(type(obj), obj.pk, obj._score) for obj in results.annotate_score("_score")]


QUERIES = [
    "冰湖",
    "冰湖垂钓",
    "社区",
    "养老",
    "網格員",
    "ylbx",
    "火星基地",  # nothing
    PlainText("冰湖 社区", operator="or"),
    Phrase("冰湖垂钓"),
    And([PlainText("冰湖"), PlainText("垂钓")]),
    Or([PlainText("冰湖"), PlainText("养老")]),
]


def ranks_as_modelsearch(ice_pages, xining, query, backend_name):
    ours, stock = get_search_backend(), stock_backend()
    assert type(ours).__name__ == backend_name
    home = DistrictHomePage.objects.get(district=xining)
    some = [page.pk for page in ice_pages.values()][1::2]
    querysets = [
        Page.objects.all(),  # every page type
        Page.objects.live().descendant_of(home),  # the district search's
        Page.objects.filter(pk__in=some),  # a subset of the matches
        ServiceGuidePage.objects.live(),  # one page type
    ]
    for queryset in querysets:
        expected = scored(stock.search(query, queryset))
        assert scored(ours.search(query, queryset)) == expected
        assert [obj.pk for obj in ours.search(query, queryset)] == [pk for _type, pk, _score in expected]
        for start, stop in [(0, 1), (1, 4), (2, None), (50, 60)]:
            page = ours.search(query, queryset)[start:stop]
            assert [obj.pk for obj in page] == [pk for _type, pk, _score in expected[start:stop]]
            assert ours.search(query, queryset)[start:stop].count() == len(expected[start:stop])
        assert ours.search(query, queryset).count() == len(expected)
        unordered = [obj.pk for obj in ours.search(query, queryset, order_by_relevance=False)]
        assert unordered == [obj.pk for obj in stock.search(query, queryset, order_by_relevance=False)]


def negation_autocomplete_and_facets_as_modelsearch():
    ours, stock = get_search_backend(), stock_backend()
    pages = Page.objects.live()
    for query in [Not(PlainText("冰湖")), And([PlainText("冰湖"), Not(PlainText("垂钓"))])]:
        assert set(ours.search(query, pages)) == set(stock.search(query, pages))
        assert ours.search(query, pages).count() == stock.search(query, pages).count()
    assert [p.pk for p in ours.autocomplete("冰", pages)] == [p.pk for p in stock.autocomplete("冰", pages)]
    facets = ours.search("冰湖", pages).facet("content_type_id")
    assert facets == stock.search("冰湖", pages).facet("content_type_id") and sum(facets.values()) == 6


@sqlite_only
@pytest.mark.django_db
@pytest.mark.parametrize("query", QUERIES, ids=str)
def test_sqlite_ranks_as_modelsearch(ice_pages, xining, query):
    ranks_as_modelsearch(ice_pages, xining, query, "ChineseMatchFirstSQLiteSearchBackend")


@postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize("query", QUERIES, ids=str)
def test_postgres_ranks_as_modelsearch(ice_pages, xining, query):
    ranks_as_modelsearch(ice_pages, xining, query, "ChineseMatchFirstPostgresSearchBackend")


@sqlite_only
@pytest.mark.django_db
def test_sqlite_negation_autocomplete_and_facets_as_modelsearch(ice_pages):
    negation_autocomplete_and_facets_as_modelsearch()


@postgres_only
@pytest.mark.django_db
def test_postgres_negation_autocomplete_and_facets_as_modelsearch(ice_pages):
    negation_autocomplete_and_facets_as_modelsearch()


@sqlite_only
@pytest.mark.django_db
def test_sqlite_runs_the_full_text_query_once_per_statement(ice_pages):
    with CaptureQueriesContext(connection) as ctx:
        assert len(get_search_backend().search("冰湖", Page.objects.live())[:2]) == 2
    assert len(ctx.captured_queries) == 3  # scores, matching ids, the slice's objects
    assert all(query["sql"].count(" MATCH ") == 1 for query in ctx.captured_queries[:2])
    assert "bm25" not in ctx.captured_queries[2]["sql"] and " MATCH " in ctx.captured_queries[1]["sql"]


@postgres_only
@pytest.mark.django_db
def test_postgres_finds_the_matching_entries_without_joining_the_pages(ice_pages):
    list(get_search_backend().search("冰湖", Page.objects.live()))  # the content types, remembered
    with CaptureQueriesContext(connection) as ctx:
        assert len(get_search_backend().search("冰湖", Page.objects.live())[:2]) == 2
    scores, ids, objects = (query["sql"] for query in ctx.captured_queries)  # and nothing else
    assert scores.count(" @@ ") == 1 and "ts_rank" in scores and '"wagtailcore_page"' not in scores
    assert all(" @@ " not in sql and "ts_rank" not in sql for sql in (ids, objects))  # the full-text query once


@pytest.mark.django_db
def test_best_matches_first_and_equal_ones_newest_first(ice_pages, xining):
    """The order residents see, on either database: the page that says it most (title and text,
    several times) first; pages that match equally well newest (highest id) first."""
    home = DistrictHomePage.objects.get(district=xining)
    results = list(get_search_backend().search("冰湖", Page.objects.live().descendant_of(home)))
    alike = [ice_pages[f"alike {n}"] for n in (2, 1, 0)]
    assert results[0] == ice_pages["title and text"]
    assert results[1:4] == alike
    assert set(results[4:]) == {ice_pages["text only"], ice_pages["long text"]}  # BM25, ts_rank differ here
    subset = Page.objects.filter(pk__in=[page.pk for page in alike[1:]])
    assert list(get_search_backend().search("冰湖", subset)[:5]) == alike[1:]
    assert list(get_search_backend().search("火星基地", Page.objects.all())) == []
