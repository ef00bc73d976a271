"""What a dashboard shows for a district, a period and optionally one community — read from summaries only.

A fixed handful of queries whatever the number of records: the period's bounds, the
district's communities, then the figures overall, by month, by category and by community,
each one GROUP BY over the summaries (never over records).
"""

import datetime as dt
from dataclasses import dataclass
from functools import partial

from django.db.models import Max, Min, Sum
from django.template.loader import render_to_string

from pagecache import shared
from pagecache.invalidate import district_scope
from snippets.models import Community

from . import charts
from .figures import Figures, empty_sums, figures, grouped, min_sample, public_count, public_summaries

LAST_12 = "12m"


def add_months(month, count):
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass
class Period:
    key: str
    label: str
    start: dt.date
    end: dt.date  # first day of the last month included

    def months(self):
        month, out = self.start, []
        while month <= self.end:
            out.append(month)
            month = add_months(month, 1)
        return out


def periods(first, last):
    """The periods a reader may choose: the twelve months up to the latest data, then each year."""
    if last is None:
        return []
    options = [Period(LAST_12, "最近12个月", max(add_months(last, -11), first), last)]
    for year in range(last.year, first.year - 1, -1):
        options.append(Period(str(year), f"{year}年", max(dt.date(year, 1, 1), first), min(dt.date(year, 12, 1), last)))
    return options


def most_first(groups):
    """[(name, Figures)] from grouped() by one field, the most received first."""
    return sorted(((key[0], f) for key, f in groups), key=lambda kf: -kf[1].received)


class Dashboard:
    def __init__(self, district, params):
        self.district = district
        base = public_summaries(district)
        # Remembered while the district's figures and places stand (pagecache.shared): imports,
        # undo and recomputes move its generation number.
        self.remember = remember = partial(shared.remember, scope=district_scope(district.pk))
        self.periods, self.communities = remember("demand periods", lambda: self.choices(base))
        wanted = params.get("period") or LAST_12
        self.period = next((p for p in self.periods if p.key == wanted), self.periods[0] if self.periods else None)
        community_id = params.get("community") or ""
        self.community = next((c for c in self.communities if str(c.pk) == community_id), None)
        self.has_data = self.period is not None
        if not self.has_data:
            self.total = Figures(empty_sums())
            return
        scope = base.filter(month__gte=self.period.start, month__lte=self.period.end)
        if self.community is not None:
            scope = scope.filter(community=self.community)
        self.scope = scope
        self.key = (self.period.key, self.community.pk if self.community else None)
        figures_now = remember(("demand figures", *self.key), lambda: self.figures_of(scope))
        self.total, self.months, self.categories, self.by_community = figures_now
        self.min_sample = min_sample()
        self.compared = [(name, f) for name, f in self.by_community if f.received >= self.min_sample]
        self.too_few = [name for name, f in self.by_community if f.received < self.min_sample]

    def choices(self, base):
        """The periods with data, and the district's communities, a reader may choose from."""
        bounds = base.aggregate(first=Min("month"), last=Max("month"))
        communities = list(Community.objects.filter(district=self.district).order_by("name").only("id", "name"))
        return periods(bounds["first"], bounds["last"]), communities

    def figures_of(self, scope):
        """Overall, by month, by category and (for the whole district) by community: four GROUP BYs."""
        by_month = dict(grouped(scope, "month"))
        months = [(m, by_month.get((m,), Figures(empty_sums()))) for m in self.period.months()]
        categories = most_first(grouped(scope, "category__name"))
        by_community = most_first(grouped(scope, "community__name")) if self.community is None else []
        return figures(scope), months, categories, by_community

    @property
    def figures_html(self):
        """The charts and tables, drawn once for the figures they show (pagecache.shared)."""
        return self.remember(
            ("demand figures html", *self.key), lambda: render_to_string("demands/includes/figures.html", {"d": self})
        )

    @property
    def scope_label(self):
        where = self.community.name if self.community else self.district.name
        return f"{where} · {self.period.label}" if self.period else where

    # -- charts --------------------------------------------------------------------------------------

    def trend_chart(self):
        labels = [f"{m.month}月" for m, _f in self.months]
        return charts.columns(
            "chart-trend",
            f"{self.scope_label}每月受理和办结的诉求件数",
            labels,
            [
                ("受理", "chart__bar--a", [f.received for _m, f in self.months]),
                ("办结", "chart__bar--b", [f.resolved for _m, f in self.months]),
            ],
        )

    def category_chart(self):
        return charts.bars(
            "chart-categories", f"{self.scope_label}各类别受理件数", [(n, f.received) for n, f in self.categories]
        )

    def community_chart(self):
        return charts.bars(
            "chart-communities", f"{self.scope_label}各社区受理件数", [(n, f.received) for n, f in self.by_community]
        )

    def comparison_chart(self):
        return charts.bars(
            "chart-compare",
            f"{self.scope_label}各社区按时办结率（%），仅含诉求不少于{self.min_sample}件的社区",
            [(n, f.on_time_rate) for n, f in self.ranked()],
            suffix="%",
            maximum=100,
        )

    def ranked(self):
        return sorted(self.compared, key=lambda nf: -(nf[1].on_time_rate or 0))

    def funnel_chart(self):
        return charts.funnel("chart-funnel", f"{self.scope_label}诉求办理环节", self.total.stages())

    # -- open data ----------------------------------------------------------------------------------------

    OPEN_FIELDS = [
        ("month", "统计月份"),
        ("community", "社区"),
        ("category", "诉求类别"),
        ("received", "受理数"),
        ("resolved", "办结数"),
        ("resolved_on_time", "按期办结数"),
        ("rated", "参评数"),
        ("satisfied", "满意数"),
    ]

    def open_rows(self):
        """The aggregates per month, community and category, small cells shown as "<3"."""
        if not self.has_data:
            return []
        rows = (
            self.scope.order_by()
            .values("month", "community__name", "category__name")
            .annotate(
                received_sum=Sum("received"),
                resolved_sum=Sum("resolved"),
                on_time_sum=Sum("resolved_on_time"),
                rated_sum=Sum("rated"),
                satisfied_sum=Sum("satisfied"),
            )
            .order_by("month", "community__name", "category__name")
        )
        return [
            {
                "month": f"{row['month']:%Y-%m}",
                "community": row["community__name"],
                "category": row["category__name"],
                "received": public_count(row["received_sum"]),
                "resolved": public_count(row["resolved_sum"]),
                "resolved_on_time": public_count(row["on_time_sum"]),
                "rated": public_count(row["rated_sum"]),
                "satisfied": public_count(row["satisfied_sum"]),
            }
            for row in rows
        ]
