"""The demand datasets: `demand_records` (居民诉求明细) and `demand_summaries` (诉求汇总（按月）).

Categories (诉求类别) are an open vocabulary: a name the district does not have yet is
created when the import is written, and removed again when the batch is undone. After a
write or an undo, the summaries of exactly the (month, community) pairs the batch touched
are recomputed (demands.figures.recompute).
"""

import datetime as dt
import re

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from demands.figures import accept_hours, add_working_days, derive, months_with_records, recompute
from demands.models import KINDS, SATISFACTION, STAGES, DemandCategory, DemandRecord, DemandSummary

from .. import cleaning
from ..errors import CellError
from ..names import name_key
from .base import Column, DatasetResource, render_cell
from .lookups import Lookups

TIME_LIMIT = re.compile(r"^(\d+)\s*个?\s*(工作日|自然日|天|日|小时)$")
STAGE_ALIASES = {
    "待派": "待派单",
    "未派单": "待派单",
    "待处理": "待派单",
    "已派": "已派单",
    "已交办": "已派单",
    "已签收": "已接单",
    "办理中": "已接单",
    "处理中": "已接单",
    "已办理": "已办结",
    "已完成": "已办结",
    "办结": "已办结",
    "已回访": "已评价",
}
RESOLVED_STAGES = ("已办结", "已评价")


def local_datetime(value):
    """A date-time cell, aware in the site's time zone (Asia/Shanghai, whatever zone the user chose)."""
    value = cleaning.datetime(value)
    return None if value is None else value.replace(tzinfo=timezone.get_default_timezone())


def due(value):
    """应办结时间: a date-time, or a limit counted from 受理时间 (`3个工作日`, `5天`, `24小时`, `即办`)."""
    words = cleaning.compact(value)
    if not words:
        return None
    if words in ("即办", "当日", "当天"):
        return ("hours", 24)
    if match := TIME_LIMIT.match(words):
        number, unit = int(match.group(1)), match.group(2)
        return ("hours", number) if unit == "小时" else ("working", number) if unit == "工作日" else ("days", number)
    try:
        return local_datetime(value)
    except CellError:
        raise CellError("应为日期时间（如 2024-03-05 17:00）或时限（如 3个工作日、5天、24小时）") from None


def render_local(value):
    return render_cell(timezone.localtime(value) if isinstance(value, dt.datetime) else value)


def time_column(attribute, header, *aliases, required=False):
    return Column(attribute, header, *aliases, required=required, parse=local_datetime, render=render_local)


class NewCategory(str):
    """A category named in the file that the district does not have yet; created on write."""


class DemandResource(DatasetResource):
    """What the two demand datasets share: categories, communities, recomputing after a change."""

    people = False

    def prepare(self, district):
        super().prepare(district)
        self.lookups = Lookups(district)
        self.categories = {name_key(c.name): c for c in DemandCategory.objects.filter(district=district)}
        self.new_categories, self.created_categories = {}, {}
        self.affected = set()  # (month, community) pairs the written chunks touched

    def category(self, name):
        key = name_key(name)
        found = self.categories.get(key)
        return found.pk if found else self.new_categories.setdefault(key, NewCategory(cleaning.compact(name)))

    @property
    def category_names(self):
        return {c.pk: c.name for c in self.categories.values()}

    def describe(self, values):
        community = self.lookups.community_names.get(values.get("community_id"), "")
        return " · ".join(str(v) for v in (self.describe_key(values), community) if v)

    def display_pair(self, name, old, new):
        names = {"community_id": self.lookups.community_names, "category_id": self.category_names}.get(name)
        if names is not None:
            return names.get(old, old or ""), names.get(new, new or "")
        return render_local(old), render_local(new)

    def create_categories(self, rows, batch):
        wanted = {v for r in rows for v in [r.values.get("category_id")] if isinstance(v, NewCategory)}
        created = self.created_categories  # by an earlier chunk, or now
        for name in sorted(wanted - set(created)):
            created[name] = DemandCategory.objects.create(district=self.district, name=name, import_batch=batch).pk
        for row in rows:
            category = row.values.get("category_id")
            if isinstance(category, NewCategory):
                row.values["category_id"] = created[category]
                if "category_id" in row.changes:
                    row.changes["category_id"] = (row.changes["category_id"][0], created[category])

    # -- after a write or an undo: the affected summaries ---------------------------------------------

    def pairs_of(self, rows):
        pairs = set()
        for row in rows:
            stored = row.stored or {}
            month, community = stored.get("month"), stored.get("community_id")
            pairs.add((row.values.get("month", month), row.values.get("community_id", community)))
            if row.stored:
                pairs.add((month, community))
        return pairs

    def affected_by(self, batch):
        """Before an undo: the (month, community) pairs the batch's rows are in, now and before it."""
        model = self._meta.model
        pairs = set(model.objects.filter(import_batch=batch).values_list("month", "community_id"))
        changes = batch.changes.filter(action="updated")
        ids = list(changes.values_list("object_id", flat=True))
        for start in range(0, len(ids), 500):
            pairs |= set(model.objects.filter(pk__in=ids[start : start + 500]).values_list("month", "community_id"))
        for before in changes.values_list("before", flat=True):
            if "month" in before or "community_id" in before:
                pairs.add((before.get("month"), before.get("community_id")))
        return {(dt.date.fromisoformat(m) if isinstance(m, str) else m, c) for m, c in pairs}

    def write(self, new, changed, batch):
        self.create_categories(new + changed, batch)
        super().write(new, changed, batch)
        self.affected |= self.pairs_of(new + changed)

    def after_write(self, batch):
        # Imported summaries are read as they are; recomputing only sets their superseded flags.
        self.after_change(self.district, self.affected)

    def after_change(self, district, pairs):
        """After a write or an undo: recompute the summaries of exactly these pairs."""
        recompute(district, {(m, c) for m, c in pairs if m is not None and c is not None})


class DemandRecordResource(DemandResource):
    dataset_name, label = "demand_records", "居民诉求明细"
    vocabularies = {"kind": KINDS, "stage": STAGES, "satisfaction": SATISFACTION}

    ticket = Column("ticket", "诉求编号", "工单编号", "编号", required=True, parse=cleaning.compact)
    received_at = time_column("received_at", "受理时间", "登记时间", "来电时间", required=True)
    channel = Column("channel", "来源渠道", "来源", "渠道", parse=cleaning.compact)
    category = Column(
        "category",
        "诉求类别",
        "类别",
        "问题类型",
        required=True,
        parse=cleaning.compact,
        export_attribute="category__name",
        max_length=40,
    )
    kind = Column("kind", "诉求类型", "办理类型", parse=lambda v: cleaning.choice(v, KINDS))
    community = Column("community", "所属社区", "社区", required=True, export_attribute="community__name")
    grid = Column("grid", "所属网格", "网格", export_attribute="grid__name")
    content = Column("content", "诉求内容", "内容", "问题描述")
    unit = Column("unit", "承办单位", "办理单位", parse=cleaning.compact)
    dispatched_at = time_column("dispatched_at", "派单时间", "交办时间")
    accepted_at = time_column("accepted_at", "接单时间", "签收时间")
    due_at = Column("due_at", "应办结时间", "办理时限", parse=due, render=render_local)
    stage = Column(
        "stage", "办理状态", "状态", required=True, parse=lambda v: cleaning.choice(v, STAGES, STAGE_ALIASES)
    )
    resolved_at = time_column("resolved_at", "办结时间", "完成时间")
    satisfaction = Column(
        "satisfaction", "满意度", "评价", parse=lambda v: cleaning.choice(v, SATISFACTION, {"非常满意": "满意"})
    )

    class Meta:
        model = DemandRecord
        fields = export_order = (
            "ticket",
            "received_at",
            "channel",
            "category",
            "kind",
            "community",
            "grid",
            "content",
            "unit",
            "dispatched_at",
            "accepted_at",
            "due_at",
            "stage",
            "resolved_at",
            "satisfaction",
        )

    def resolve(self, values):
        values["community_id"] = self.lookups.community(values.pop("community")).pk
        if "grid" in values:
            values["grid_id"] = self.lookups.grid(values.pop("grid"), values["community_id"]).pk
        values["category_id"] = self.category(values.pop("category"))
        if isinstance(values.get("due_at"), tuple):
            values["due_at"] = due_after(values["received_at"], *values["due_at"])
        self.check_times(values)
        values.update(self.derived(values))
        return values

    def check_times(self, merged):
        received = merged.get("received_at")
        for key, label in (("dispatched_at", "派单时间"), ("accepted_at", "接单时间"), ("resolved_at", "办结时间")):
            when = merged.get(key)
            if when is not None and received is not None and when < received:
                raise CellError(f"{label}早于受理时间", key)
        if (
            merged.get("dispatched_at")
            and merged.get("accepted_at")
            and merged["accepted_at"] < merged["dispatched_at"]
        ):
            raise CellError("接单时间早于派单时间", "accepted_at")
        stage, resolved_at = merged.get("stage"), merged.get("resolved_at")
        if stage in RESOLVED_STAGES and resolved_at is None:
            raise CellError(f"办理状态为“{stage}”时，办结时间不能为空", "resolved_at")
        if stage not in RESOLVED_STAGES and resolved_at is not None:
            raise CellError(f"办理状态为“{stage}”（未办结），却填写了办结时间", "resolved_at")
        satisfaction = merged.get("satisfaction")
        if satisfaction and satisfaction != "未评价" and stage not in RESOLVED_STAGES:
            raise CellError(f"诉求尚未办结（{stage}），不能有满意度评价", "satisfaction")

    def derived(self, merged):
        category = merged.get("category_id")
        return derive(merged, self.limits.get(category), self.accept_within)

    def prepare(self, district):
        super().prepare(district)
        self.limits = {c.pk: c.time_limit_days for c in self.categories.values()}
        self.accept_within = dt.timedelta(hours=accept_hours())

    def matched(self, row):
        """An update may leave optional cells blank: the rules and derived facts use the stored values too."""
        merged = {**row.stored, **row.values}
        self.check_times(merged)  # a CellError here is the row's error
        row.values.update(self.derived(merged))

    def keys(self, values, stored=False):
        return [("ticket", values.get("ticket"))]

    def key_column(self, values):
        return "ticket"

    def describe_key(self, values):
        return values.get("ticket", "")

    def stored(self, rows):
        found = super().stored(rows)
        if rows is None:
            return found
        tickets = [r.values["ticket"] for r in rows]
        if connection.vendor == "postgresql":
            # The chunk's tickets as one array: probed one by one in the (district, ticket) index. With an
            # IN list and the statistics of an empty table (a first import, all one transaction), the
            # planner scans every record of the district written so far, for every chunk.
            tickets = RawSQL("SELECT unnest(%s::varchar[])", (tickets,))
        return found.filter(ticket__in=tickets)


def due_after(received, unit, number):
    """The due time of a limit written in 应办结时间 (`3个工作日`, `5天`, `24小时`), from 受理时间."""
    if unit == "working":
        return add_working_days(received, number)
    return received + (dt.timedelta(hours=number) if unit == "hours" else dt.timedelta(days=number))


def count(value):
    return cleaning.integer(value, maximum=10_000_000)


class DemandSummaryResource(DemandResource):
    dataset_name, label = "demand_summaries", "诉求汇总（按月）"

    month = Column(
        "month", "统计月份", "月份", required=True, parse=cleaning.month, render=lambda v: f"{v:%Y-%m}" if v else ""
    )
    community = Column("community", "所属社区", "社区", required=True, export_attribute="community__name")
    category = Column(
        "category",
        "诉求类别",
        "类别",
        required=True,
        parse=cleaning.compact,
        export_attribute="category__name",
        max_length=40,
    )
    received = Column("received", "受理数", "受理量", required=True, parse=count)
    resolved = Column("resolved", "办结数", "办结量", required=True, parse=count)
    resolved_on_time = Column("resolved_on_time", "按期办结数", "快速办结数", parse=count)
    rated = Column("rated", "参评数", "评价数", parse=count)
    satisfied = Column("satisfied", "满意数", parse=count)

    class Meta:
        model = DemandSummary
        fields = export_order = (
            "month",
            "community",
            "category",
            "received",
            "resolved",
            "resolved_on_time",
            "rated",
            "satisfied",
        )

    def prepare(self, district):
        super().prepare(district)
        self.with_records = months_with_records(district)

    def resolve(self, values):
        values["community_id"] = self.lookups.community(values.pop("community")).pk
        values["category_id"] = self.category(values.pop("category"))
        if (values["month"], values["community_id"]) in self.with_records:
            name = self.lookups.community_names[values["community_id"]]
            raise CellError(
                f"{name}{values['month']:%Y年%m月}已有诉求明细，汇总由明细计算，不能再导入汇总；"
                "如需改用汇总，请先撤销该月的明细导入",
                "month",
            )
        self.check_counts(values)
        values["source"] = DemandSummary.IMPORTED
        return values

    def check_counts(self, merged):
        received, resolved = merged.get("received"), merged.get("resolved")
        if received is not None and resolved is not None and resolved > received:
            raise CellError(f"办结数（{resolved}）大于受理数（{received}）", "resolved")
        on_time = merged.get("resolved_on_time")
        if on_time is not None and resolved is not None and on_time > resolved:
            raise CellError(f"按期办结数（{on_time}）大于办结数（{resolved}）", "resolved_on_time")
        rated, satisfied = merged.get("rated"), merged.get("satisfied")
        if satisfied is not None and rated is None:
            raise CellError("填写了满意数，参评数不能为空", "rated")
        if satisfied is not None and satisfied > rated:
            raise CellError(f"满意数（{satisfied}）大于参评数（{rated}）", "satisfied")
        if rated is not None and resolved is not None and rated > resolved:
            raise CellError(f"参评数（{rated}）大于办结数（{resolved}）", "rated")

    def matched(self, row):
        self.check_counts({**row.stored, **row.values})  # a CellError here is the row's error

    def keys(self, values, stored=False):
        return [("summary", values.get("month"), values.get("community_id"), values.get("category_id"))]

    def key_column(self, values):
        return "month"

    def describe_key(self, values):
        month = values.get("month")
        category = values.get("category_id")
        category = category if isinstance(category, str) else self.category_names.get(category, "")
        return " ".join(x for x in (f"{month:%Y年%m月}" if month else "", category) if x)

    def stored(self, rows):
        found = super().stored(rows).filter(source=DemandSummary.IMPORTED)
        return found if rows is None else found.filter(month__in={r.values["month"] for r in rows})

    def export_queryset(self, district):
        return DemandSummary.objects.filter(district=district, source=DemandSummary.IMPORTED)
