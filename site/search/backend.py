"""Wagtail's database search backend, taught Chinese.

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}

Wagtail's ``database`` backend picks SQLite FTS5 or PostgreSQL full-text search
(or a plain LIKE fallback) for the database in use. This backend takes the one
it picks and changes what it indexes and queries:

- indexing: every text value of every indexed model (pages, images, documents,
  snippets) is indexed as the terms of ``text.index_text``; pages also index
  their search description (Wagtail's ``Page.search_fields`` leaves it out), so
  a page type is searchable through its own ``search_fields`` and nothing more;
- querying: every query is turned into the terms of ``text.query_terms``.

It also finds the matching index entries before the objects (``matchfirst.py``):
on SQLite the full-text query runs once per search, where modelsearch runs it
once per candidate row (``sqlite.py``); on PostgreSQL the objects are not
joined to the entries in a nested loop (``postgres.py``). Results and order are
the same.

Tables, ranking (BM25 / ts_rank), the signal handlers that keep the index
current and ``manage.py update_index`` all stay Wagtail's. PostgreSQL uses the
``simple`` text search configuration unless SEARCH_CONFIG says otherwise: the
terms are not English, and English stemming and stop words would make the two
databases answer differently.
"""

import copy
import functools

from django.utils.encoding import force_str
from modelsearch import index
from modelsearch.backends.base import EmptySearchResults
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText

from . import text


class Terms(PlainText):
    """A query already turned into terms (``text.query_terms``), searched as it is."""

    def __init__(self, terms, operator="and"):
        super().__init__(" ".join(terms), operator=operator)
        self.terms = list(terms)


def flatten(value, separator=", "):
    """A search field's value as one string (StreamFields give lists; the indexers join them the same way)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return separator.join(flatten(item, separator) for item in value)
    if isinstance(value, dict):
        return separator.join(flatten(item, separator) for item in value.values())
    return force_str(value)


class _TermsOf:
    """A search field whose indexed value is the Chinese terms of the wrapped field's value."""

    def __init__(self, field):
        super().__init__(field.field_name, **field.kwargs)
        self.boost = getattr(field, "boost", None)
        self.source = field

    def get_value(self, obj):
        return text.index_text(flatten(self.source.get_value(obj)))


class TermsSearchField(_TermsOf, index.SearchField):
    pass


class TermsAutocompleteField(_TermsOf, index.AutocompleteField):
    pass


def _wrap(field):
    if isinstance(field, index.SearchField):
        return TermsSearchField(field)
    if isinstance(field, index.AutocompleteField):
        return TermsAutocompleteField(field)
    if isinstance(field, index.RelatedFields):
        return index.RelatedFields(field.field_name, [_wrap(f) for f in field.fields])
    return field  # filter fields are not text


@functools.cache
def indexed_fields(model):
    """The search fields the index is built from for `model`: its own, indexed as Chinese terms."""
    from wagtail.models import Page

    fields = [_wrap(field) for field in model.get_search_fields()]
    if issubclass(model, Page) and not any(
        isinstance(f, index.SearchField) and f.field_name == "search_description" for f in fields
    ):
        fields.append(TermsSearchField(index.SearchField("search_description")))
    return fields


class ChineseIndexMixin:
    def add_items(self, model, objs):
        # Wagtail's indexers read `obj.get_search_fields()`: hand them copies whose fields give Chinese terms.
        copies = []
        for obj in objs:
            clone = copy.copy(obj)
            clone.get_search_fields = functools.partial(indexed_fields, type(obj))
            copies.append(clone)
        super().add_items(model, copies)


def chinese_query(query, operator=None):
    """The query with its text turned into terms; None when nothing in it can be searched."""
    if isinstance(query, Terms):
        return query if query.terms else None
    if isinstance(query, str):
        terms = text.query_terms(query)
        return Terms(terms, operator or "and") if terms else None
    if isinstance(query, PlainText):
        terms = text.query_terms(query.query_string)
        return Terms(terms, query.operator) if terms else None
    if isinstance(query, Phrase):
        terms = text.query_terms(query.query_string)
        return Terms(terms) if terms else None
    if isinstance(query, (And, Or)):
        subqueries = [q for q in (chinese_query(sub) for sub in query.subqueries) if q is not None]
        return type(query)(subqueries) if subqueries else None
    if isinstance(query, Not):
        subquery = chinese_query(query.subquery)
        return Not(subquery) if subquery is not None else None
    if isinstance(query, Boost):
        subquery = chinese_query(query.subquery)
        return Boost(subquery, query.boost) if subquery is not None else None
    return query  # MatchAll, Fuzzy and the like


class ChineseSearchMixin:
    def __init__(self, params):
        super().__init__({"SEARCH_CONFIG": "simple", **params})

    def search(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        query = chinese_query(query, operator)
        if query is None:
            return EmptySearchResults()
        return super().search(
            query, model_or_queryset, fields=fields, operator=operator, order_by_relevance=order_by_relevance
        )

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        query = chinese_query(query, operator)
        if query is None:
            return EmptySearchResults()
        return super().autocomplete(
            query, model_or_queryset, fields=fields, operator=operator, order_by_relevance=order_by_relevance
        )


@functools.cache
def chinese_backend_class(base):
    index_class = type(f"Chinese{base.index_class.__name__}", (ChineseIndexMixin, base.index_class), {})
    return type(
        f"Chinese{base.__name__}",
        (ChineseSearchMixin, base),
        {"index_class": index_class, "__module__": __name__},
    )


def SearchBackend(params):  # the name Wagtail looks a backend module up by
    """Wagtail's database backend for the database in use, in its Chinese subclass."""
    base = type(database_backend(params))
    if base.__name__ == "SQLiteSearchBackend":
        from .sqlite import MatchFirstSQLiteSearchBackend as base  # importable only with SQLite's FTS5 table
    elif base.__name__ == "PostgresSearchBackend":
        from .postgres import MatchFirstPostgresSearchBackend as base

    return chinese_backend_class(base)(params)
