"""modelsearch's SQLite FTS5 search, with the full-text query run once per search instead of once per row.

modelsearch ranks by BM25 in a subquery correlated with each candidate row, and SQLite plans its
id subquery from the index entries of the model's content types, each probed with the MATCH: a
search ran the full-text query thousands of times (3,000 service guides: 76 ms for a word with 3
matches, 430 ms for one with 1,000). Here the MATCH drives both:

- the ids are those of the entries whose FTS rows match (one FTS scan, kept as a list subquery);
- a relevance-ordered search reads (content type, object id, score) in one FTS query, orders the
  matching primary keys in Python exactly as modelsearch's SQL does (score ascending, as BM25 is
  negative, then pk descending) and loads only the requested slice (``matchfirst.py``, shared with
  PostgreSQL's ``postgres.py``).

Scores (modelsearch's own rank expression), query parsing, negation and result objects are
unchanged. This module is imported only when the database is SQLite with FTS5: its FTS model
exists only there.
"""

from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from .matchfirst import MatchFirstMixin, MatchFirstResultsMixin


class MatchFirstSQLiteMixin(MatchFirstMixin):
    HIGHER_IS_BETTER = False  # BM25 is negative

    def _match(self, config):
        """(the FTS rows that match, negated), or None when the query matches everything or nothing."""
        query = normalize(self.query)
        negated = isinstance(query, Not)
        if negated:
            query = query.subquery
        if isinstance(query, MatchAll):
            return None
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config))
        return SQLiteFTSIndexEntry.objects.filter(match), negated

    def _object_ids(self, matches):
        entries = IndexEntry.objects.filter(content_type__in=get_descendants_content_types_pks(self.queryset.model))
        return entries.filter(pk__in=matches.values("pk")).values("object_id")

    def _scores(self, matches, config):
        content_types = set(get_descendants_content_types_pks(self.queryset.model))
        rank = self._build_rank_expression(self.get_search_vectors(), config)
        rows = matches.annotate(score=rank).values_list(
            "index_entry__content_type_id", "index_entry__object_id", "score"
        )
        # Filtered by content type here: in SQL, SQLite would again probe the FTS table per entry.
        return {object_id: score for content_type, object_id, score in rows if content_type in content_types}


class SearchQueryCompiler(MatchFirstSQLiteMixin, SQLiteSearchQueryCompiler):
    pass


class AutocompleteQueryCompiler(MatchFirstSQLiteMixin, SQLiteAutocompleteQueryCompiler):
    pass


class SearchResults(MatchFirstResultsMixin, SQLiteSearchResults):
    pass


class MatchFirstSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = SearchQueryCompiler
    autocomplete_query_compiler_class = AutocompleteQueryCompiler
    results_class = SearchResults
