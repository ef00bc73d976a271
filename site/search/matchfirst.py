"""A search that finds the matching index entries first, shared by sqlite.py and postgres.py.

modelsearch joins the searched objects to their index entries and filters the join by the full-text
query; both databases plan that join badly (SQLite probed FTS5 once per candidate row, PostgreSQL
compared every guide's id with every matching entry's). Here the index entries that match are
found first, in one query of their own:

- the matching objects are those whose ids are among the matching entries' (counts, facets,
  searches not ordered by relevance);
- a relevance-ordered search reads (object id, score) from the matching entries, with
  modelsearch's own rank expression, orders the matching primary keys in Python exactly as
  modelsearch's SQL does (best score first, then pk descending) and loads only the requested slice.

A query compiler using it gives ``_match`` (the matching entries, and whether the query is
negated), ``_object_ids`` (a subquery of the matching objects' ids) and ``_scores``; ``_scored_ids``
may give the ranked search's ids from the scores read rather than the subquery.
"""


class MatchFirstMixin:
    HIGHER_IS_BETTER = True  # ts_rank; SQLite's BM25 is negative, lower is better

    def _match(self, config):
        """(the index rows that match, negated), or None to search as modelsearch does."""
        raise NotImplementedError

    def _object_ids(self, matches):
        """The ids of the objects of the queryset's model whose index rows are `matches`, as a subquery."""
        raise NotImplementedError

    def _scores(self, matches, config):
        """{object id as indexed: score} of the queryset model's objects among `matches`."""
        raise NotImplementedError

    def _scored_ids(self, matches, scores):
        """The ids the queryset is filtered by in a ranked search (the scores' objects)."""
        return self._object_ids(matches)

    def search(self, config, start, stop, score_field=None, **kwargs):
        """The matching objects, unscored (counts, facets, searches not ordered by relevance); `ranked` orders."""
        match = self._match(config)
        if match is None or (score_field is not None and not match[1]):
            # everything or nothing; or scores wanted in the queryset's own order: modelsearch's query
            return super().search(config, start, stop, score_field=score_field, **kwargs)
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
        scores = self._scores(matches, config)
        pks = self.queryset.filter(pk__in=self._scored_ids(matches, scores)).order_by().values_list("pk", flat=True)
        # Ties stay pk descending: a stable sort, reversed or not, keeps equal keys in their order.
        pks = sorted(sorted(pks, reverse=True), key=lambda pk: scores[str(pk)], reverse=self.HIGHER_IS_BETTER)
        pks = pks[start:stop]
        objects = self.queryset.in_bulk(pks)  # in batches the database accepts
        results = [objects[pk] for pk in pks]
        if score_field is not None:
            for obj in results:
                setattr(obj, score_field, scores[str(obj.pk)])
        return results


class MatchFirstResultsMixin:
    def _do_search(self):
        compiler = self.query_compiler
        ranked = compiler.ranked(compiler.get_config(self.backend), self.start, self.stop, self._score_field)
        return super()._do_search() if ranked is None else ranked

    def _do_count(self):
        if self._score_field is None:
            return super()._do_count()
        unscored = self._clone()  # a count needs no scores
        unscored._score_field = None
        return unscored._do_count()
