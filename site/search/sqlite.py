"""modelsearch's SQLite FTS5 search, with the full-text query run once per search instead of once per row.

modelsearch ranks by BM25 in a subquery correlated with each candidate row, and SQLite plans its
id subquery from the index entries of the model's content types, each probed with the MATCH: a
search ran the full-text query thousands of times (3,000 service guides: 76 ms for a word with 3
matches, 430 ms for one with 1,000). Here the MATCH drives both:

- the ids are those of the entries whose FTS rows match (one FTS scan, kept as a list subquery);
- a relevance-ordered search reads (content type, object id, score) in one FTS query, orders the
  matching primary keys in Python exactly as modelsearch's SQL does (score ascending, as BM25 is
  negative, then pk descending) and loads only the requested slice.

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


class MatchFirstMixin:
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

    def search(self, config, start, stop, score_field=None):
        """The matching objects, unscored (counts, facets, searches not ordered by relevance); `ranked` orders."""
        match = self._match(config)
        if match is None or (score_field is not None and not match[1]):
            # everything or nothing; or scores wanted in the queryset's own order: modelsearch's query
            return super().search(config, start, stop, score_field=score_field)
        matches, negated = match
        object_ids = self._object_ids(matches)
        queryset = self.queryset.exclude(pk__in=object_ids) if negated else self.queryset.filter(pk__in=object_ids)
        if not self.order_by_relevance and not queryset.query.order_by:
            queryset = queryset.order_by("-pk")  # as modelsearch: stable pages (wagtail#3729)
        return queryset[start:stop]

    def ranked(self, config, start, stop, score_field=None):
        """The slice of a relevance-ordered search, best first, in three queries; None for other searches."""
        match = self._match(config)
        if match is None or match[1] or not self.order_by_relevance:
            return None
        matches = match[0]
        content_types = set(get_descendants_content_types_pks(self.queryset.model))
        rank = self._build_rank_expression(self.get_search_vectors(), config)
        rows = matches.annotate(score=rank).values_list(
            "index_entry__content_type_id", "index_entry__object_id", "score"
        )
        # Filtered by content type here: in SQL, SQLite would again probe the FTS table per entry.
        scores = {object_id: score for content_type, object_id, score in rows if content_type in content_types}
        pks = self.queryset.filter(pk__in=self._object_ids(matches)).order_by().values_list("pk", flat=True)
        pks = sorted(sorted(pks, reverse=True), key=lambda pk: scores[str(pk)])[start:stop]
        objects = self.queryset.in_bulk(pks)  # in batches SQLite accepts
        results = [objects[pk] for pk in pks]
        if score_field is not None:
            for obj in results:
                setattr(obj, score_field, scores[str(obj.pk)])
        return results


class SearchQueryCompiler(MatchFirstMixin, SQLiteSearchQueryCompiler):
    pass


class AutocompleteQueryCompiler(MatchFirstMixin, SQLiteAutocompleteQueryCompiler):
    pass


class SearchResults(SQLiteSearchResults):
    def _do_search(self):
        compiler = self.query_compiler
        ranked = compiler.ranked(compiler.get_config(self.backend), self.start, self.stop, self._score_field)
        return super()._do_search() if ranked is None else ranked

    def _do_count(self):
        compiler = self.query_compiler  # a count needs no scores
        return compiler.search(compiler.get_config(self.backend), self.start, self.stop).count()


class MatchFirstSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = SearchQueryCompiler
    autocomplete_query_compiler_class = AutocompleteQueryCompiler
    results_class = SearchResults
