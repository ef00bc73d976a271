"""The figures of the demand loop, defined once.

Everything public about demands is computed here and only here: the per-record facts
(`derive`: month, due time, timely acceptance, on-time resolution, handling time), the
monthly summaries built from records (`recompute`), and the figures the dashboard and the
open data read from summaries (`Figures`). The public "how to read these figures" page
prints `DEFINITIONS`, so the words residents read are the rules the code applies.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from importers.bulk import insert_rows
from pagecache import invalidate as page_cache

from .models import OPEN_STAGES, SATISFIED, DemandRecord, DemandSummary

DEFAULT_LIMIT_DAYS = 3  # working days, when neither the record nor its category says otherwise
# Upper bounds (hours) of the handling-time bins kept in summaries, and the summary fields that count them.
HOUR_BINS = [
    (4, "hours_4"),
    (8, "hours_8"),
    (24, "hours_24"),
    (48, "hours_48"),
    (72, "hours_72"),
    (120, "hours_120"),
    (240, "hours_240"),
    (None, "hours_more"),
]
SMALL = 3  # public cells counting fewer demands than this show as "<3"


def accept_hours():
    return getattr(settings, "DEMAND_ACCEPT_HOURS", 2)


def min_sample():
    return getattr(settings, "DEMAND_MIN_SAMPLE", 30)


@dataclass(frozen=True)
class Definition:
    key: str
    label: str
    formula: str
    note: str = ""


DEFINITIONS = [
    Definition("received", "受理数", "统计期内受理（群众点单）的诉求件数，按受理时间归入月份。"),
    Definition("answered", "直接答复", "诉求类型为“回复解释类”的件数：当场答复、解释，不需要派单。"),
    Definition("dispatched", "派单办理", "已派给承办单位办理的件数（有派单时间，或状态已到“已派单”之后）。"),
    Definition(
        "timely_acceptance_rate",
        "及时签收率",
        "派单后规定时间内签收的件数 ÷ 派单办理件数。",
        "规定时间默认为2小时（设置项 DEMAND_ACCEPT_HOURS）。",
    ),
    Definition("resolved", "办结数", "状态为“已办结”或“已评价”的件数。"),
    Definition("resolution_rate", "办结率", "办结数 ÷ 受理数。"),
    Definition(
        "on_time_rate",
        "按时办结率",
        "在应办结时间之前办结的件数 ÷ 办结数。",
        "应办结时间以工单填写的为准；未填写的，按诉求类别的承诺时限（工作日）从受理时间起算，类别未设时限的按3个工作日。"
        "分诉求类型统计的按时办结率即通常所说的“快速办结率”。",
    ),
    Definition("rated", "参评数", "群众已回访评价（满意、基本满意或不满意）的件数。"),
    Definition("satisfaction_rate", "回访满意率", "评价为“满意”或“基本满意”的件数 ÷ 参评数。"),
    Definition("mean_hours", "平均办理用时", "办结件从受理到办结的用时的平均值（小时）。"),
    Definition(
        "median_hours",
        "办理用时中位数",
        "办结件办理用时的中位数。",
        "汇总数据只保留用时分段（4小时、8小时、1天、2天、3天、5天、10天），中位数在所在分段内按均匀分布估算。",
    ),
    Definition("backlog", "在办诉求", "尚未办结的件数，按所处环节分为待派单、已派单（待接单）、已接单（办理中）。"),
    Definition("overdue", "超期未办结", "尚未办结、且已超过应办结时间的件数，按最近一次汇总计算时的时间判断。"),
]
DEFINITIONS_BY_KEY = {d.key: d for d in DEFINITIONS}
PRIVACY_NOTES = [
    "公开的数字只来自按月、按社区、按类别的汇总，不含任何诉求内容、姓名、电话或地址。",
    f"一个格子里的诉求少于{SMALL}件时显示为“<{SMALL}”，以免从数字推断出具体的人。",
    "社区之间的比较和排名，只包括本期诉求件数达到最低样本量的社区，以免个别案例左右排名。",
    "只有汇总数字（没有明细）的社区和月份，由各地按月导入，派单、签收、用时等环节数字可能空缺。",
]


# -- per record ------------------------------------------------------------------------------------


def add_working_days(start, days):
    """`days` working days (Monday to Friday) after `start`, at the same time of day."""
    return start + dt.timedelta(days=_working_days_span(start.weekday(), days))


@cache
def _working_days_span(weekday, days):
    """Calendar days from a day of `weekday` (0: Monday) to the `days`th working day after it."""
    span, left = 0, days
    while left > 0:
        span += 1
        if (weekday + span) % 7 < 5:
            left -= 1
    return span


def derive(values, limit_days=None, accept_within=None):
    """The facts a record's figures need, from its stored or imported values. `accept_within`: the
    time to accept a dispatched demand (DEMAND_ACCEPT_HOURS), read once by callers of many records."""
    received = values.get("received_at")
    if received is None:
        return {}
    due = values.get("due_at")
    if due is None:
        due = add_working_days(received, limit_days or DEFAULT_LIMIT_DAYS)
    dispatched, accepted, resolved = values.get("dispatched_at"), values.get("accepted_at"), values.get("resolved_at")
    zone = timezone.get_default_timezone()
    local = received.astimezone(zone) if received.tzinfo not in (None, zone) else received
    return {
        "month": local.date().replace(day=1),
        "due_at": due,
        "accepted_in_time": (
            None
            if dispatched is None or accepted is None
            else (accepted - dispatched) <= (accept_within or dt.timedelta(hours=accept_hours()))
        ),
        "resolved_on_time": None if resolved is None else resolved <= due,
        "handling_hours": None if resolved is None else round((resolved - received).total_seconds() / 3600, 2),
    }


# -- records → summaries ------------------------------------------------------------------------------


def _bin_filters():
    filters, low = {}, None
    for high, name in HOUR_BINS:
        q = Q(handling_hours__isnull=False)
        if low is not None:
            q &= Q(handling_hours__gt=low)
        if high is not None:
            q &= Q(handling_hours__lte=high)
        filters[name] = Count("pk", filter=q)
        low = high
    return filters


def summary_aggregates(now):
    resolved = Q(resolved_at__isnull=False)
    answered = Q(kind="回复解释类")
    dispatched = Q(dispatched_at__isnull=False) | Q(stage__in=["已派单", "已接单"])
    return {
        "received": Count("pk"),
        "answered": Count("pk", filter=answered),
        "dispatched": Count("pk", filter=dispatched),
        "accepted_in_time": Count("pk", filter=Q(accepted_in_time=True)),
        "resolved": Count("pk", filter=resolved),
        "resolved_on_time": Count("pk", filter=Q(resolved_on_time=True)),
        "answered_resolved": Count("pk", filter=resolved & answered),
        "answered_on_time": Count("pk", filter=Q(resolved_on_time=True) & answered),
        "rated": Count("pk", filter=Q(satisfaction__in=["满意", "基本满意", "不满意"])),
        "satisfied": Count("pk", filter=Q(satisfaction__in=SATISFIED)),
        "handling_hours": Sum("handling_hours"),
        **_bin_filters(),
        "open_pending": Count("pk", filter=Q(stage="待派单")),
        "open_dispatched": Count("pk", filter=Q(stage="已派单")),
        "open_accepted": Count("pk", filter=Q(stage="已接单")),
        "overdue_open": Count("pk", filter=Q(stage__in=OPEN_STAGES, due_at__lt=now)),
    }


def _pairs_filter(pairs):
    """Q for a set of (month, community_id) pairs, grouped by month so the SQL stays small."""
    by_month = {}
    for month, community in pairs:
        by_month.setdefault(month, set()).add(community)
    q = Q(pk__in=[])
    for month, communities in by_month.items():
        q |= Q(month=month, community_id__in=sorted(communities))
    return q


@transaction.atomic
def recompute(district, pairs=None, now=None):
    """Rebuild the computed summaries of `district` for the (month, community_id) `pairs` (all when None).

    Imported summaries of a pair that now has records are marked superseded (the records win),
    and those of a pair without records are used again. Returns how many summaries were written."""
    now = now or timezone.now()
    records = DemandRecord.objects.filter(district=district)
    computed = DemandSummary.objects.filter(district=district, source=DemandSummary.COMPUTED)
    imported = DemandSummary.objects.filter(district=district, source=DemandSummary.IMPORTED)
    if pairs is not None:
        pairs = {(m, c) for m, c in pairs if m is not None and c is not None}
        if not pairs:
            return 0
        scope = _pairs_filter(pairs)
        records, computed, imported = records.filter(scope), computed.filter(scope), imported.filter(scope)
    computed._raw_delete(computed.db)
    # Annotations are named n_<field>: a name of a record field would shadow it in the other filters.
    aggregates = {f"n_{name}": value for name, value in summary_aggregates(now).items()}
    rows = []
    for row in records.order_by().values("month", "community_id", "category_id").annotate(**aggregates):
        summary = {key.removeprefix("n_"): value for key, value in row.items()}
        summary["source"], summary["computed_at"] = DemandSummary.COMPUTED, now
        rows.append(summary)
    insert_rows(DemandSummary, rows, district_id=district.pk, import_batch_id=None)
    with_records = {(r["month"], r["community_id"]) for r in rows}
    stale = [
        (pk, (month, community) in with_records, superseded)
        for pk, month, community, superseded in imported.values_list("pk", "month", "community_id", "superseded")
    ]
    for flag in (True, False):
        ids = [pk for pk, has, superseded in stale if has is flag and superseded is not flag]
        for start in range(0, len(ids), 500):
            DemandSummary.objects.filter(pk__in=ids[start : start + 500]).update(superseded=flag)
    page_cache.district(district)  # the dashboard's figures; bulk writes send no signals
    return len(rows)


def months_with_records(district):
    """{(month, community_id)} that have at least one record."""
    return set(DemandRecord.objects.filter(district=district).values_list("month", "community_id").distinct())


# -- summaries → public figures ------------------------------------------------------------------------


def public_count(value):
    """A count as the public sees it: fewer than SMALL (but some) demands show as "<3"."""
    if value is None:
        return None
    return f"<{SMALL}" if 0 < value < SMALL else value


def rate(part, whole):
    """A percentage with one decimal, or None when the base is too small to say anything."""
    if part is None or not whole or whole < SMALL:
        return None
    return round(100 * part / whole, 1)


def median_from_bins(counts):
    """The median handling time (hours), estimated within its bin; None without resolved demands."""
    total = sum(counts)
    if total < SMALL:
        return None
    half, seen, low = total / 2, 0, 0
    for (high, _name), count in zip(HOUR_BINS, counts, strict=True):
        if count and seen + count >= half:
            if high is None:
                return float(low)
            return round(low + (high - low) * (half - seen) / count, 1)
        seen += count
        low = high
    return float(low)


SUMMARY_SUMS = {
    "received": Sum("received"),
    "answered": Sum("answered"),
    "dispatched": Sum("dispatched"),
    "accepted_in_time": Sum("accepted_in_time"),
    "resolved": Sum("resolved"),
    "on_time": Sum("resolved_on_time"),
    "on_time_base": Sum("resolved", filter=Q(resolved_on_time__isnull=False)),
    "computed_resolved": Sum("resolved", filter=Q(source=DemandSummary.COMPUTED)),
    "computed_on_time": Sum("resolved_on_time", filter=Q(source=DemandSummary.COMPUTED)),
    "answered_resolved": Sum("answered_resolved"),
    "answered_on_time": Sum("answered_on_time"),
    "rated": Sum("rated"),
    "satisfied": Sum("satisfied", filter=Q(rated__isnull=False)),
    "handling_hours": Sum("handling_hours"),
    **{name: Sum(name) for _high, name in HOUR_BINS},
    "open_pending": Sum("open_pending"),
    "open_dispatched": Sum("open_dispatched"),
    "open_accepted": Sum("open_accepted"),
    "overdue": Sum("overdue_open"),
}


class Figures:
    """The figures of one set of summaries (a period, a district or one community, a category...)."""

    def __init__(self, sums, label=""):
        self.label = label
        self.raw = {k: (v or 0) if k not in ("handling_hours",) else v for k, v in sums.items()}
        s = self.raw
        self.received = s["received"]
        self.answered = s["answered"]
        self.dispatched = s["dispatched"]
        self.resolved = s["resolved"]
        self.rated = s["rated"]
        self.backlog = s["open_pending"] + s["open_dispatched"] + s["open_accepted"]
        self.timed = sum(s[name] for _h, name in HOUR_BINS)

    # rates and times
    @property
    def timely_acceptance_rate(self):
        return rate(self.raw["accepted_in_time"], self.dispatched)

    @property
    def resolution_rate(self):
        return rate(self.resolved, self.received)

    @property
    def on_time_rate(self):
        return rate(self.raw["on_time"], self.raw["on_time_base"])

    @property
    def answered_on_time_rate(self):
        return rate(self.raw["answered_on_time"], self.raw["answered_resolved"])

    @property
    def handled_on_time_rate(self):
        s = self.raw
        return rate(s["computed_on_time"] - s["answered_on_time"], s["computed_resolved"] - s["answered_resolved"])

    @property
    def satisfaction_rate(self):
        return rate(self.raw["satisfied"], self.rated)

    @property
    def mean_hours(self):
        hours = self.raw["handling_hours"]
        return round(hours / self.timed, 1) if hours is not None and self.timed >= SMALL else None

    @property
    def median_hours(self):
        return median_from_bins([self.raw[name] for _h, name in HOUR_BINS])

    @property
    def overdue(self):
        return self.raw["overdue"]

    def stages(self):
        """The loop 点单 → 派单 → 接单 → 办结 → 评单, as (label, how many got that far)."""
        s = self.raw
        accepted = max(self.dispatched - s["open_dispatched"], 0)
        return [
            ("群众点单（受理）", self.received),
            ("社区派单", self.dispatched),
            ("单位接单", accepted),
            ("办结", self.resolved),
            ("群众评单（参评）", self.rated),
        ]

    def backlog_by_stage(self):
        s = self.raw
        return [
            ("待派单", s["open_pending"]),
            ("已派单待接单", s["open_dispatched"]),
            ("已接单办理中", s["open_accepted"]),
        ]

    def public(self, value):
        return public_count(value)


def empty_sums():
    return dict.fromkeys(SUMMARY_SUMS, 0) | {"handling_hours": None}


# Aggregates are named s_<name>: the name of a summary field would shadow the field in the other sums.
_SUMS = {f"s_{name}": value for name, value in SUMMARY_SUMS.items()}


def _unprefixed(row):
    return {name: row[f"s_{name}"] for name in SUMMARY_SUMS}


def figures(queryset, label=""):
    return Figures(_unprefixed(queryset.aggregate(**_SUMS)), label)


def grouped(queryset, *fields):
    """[(group values, Figures)] of summaries grouped by `fields` (e.g. "month", "category__name")."""
    rows = queryset.order_by().values(*fields).annotate(**_SUMS).order_by(*fields)
    return [
        (tuple(row[f] for f in fields), Figures(_unprefixed(row), " ".join(str(row[f]) for f in fields)))
        for row in rows
    ]


def public_summaries(district):
    """The summaries the public figures are made of: computed ones, and imported ones not superseded."""
    return DemandSummary.objects.filter(district=district, superseded=False)
