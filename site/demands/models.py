"""Residents' demands: private records, open categories, and the monthly summaries the public figures read.

"群众点单、社区派单、单位接单、群众评单": a record moves through the stages 待派单 → 已派单 →
已接单 → 已办结 → 已评价. Records are private (their content may name people); the public
dashboard reads only `DemandSummary`, one row per district × community × month × category,
computed from records (demands.figures.recompute) or imported as figures for districts
that only keep monthly totals.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from snippets.models import DistrictOwned

STAGES = ["待派单", "已派单", "已接单", "已办结", "已评价"]
OPEN_STAGES = STAGES[:3]
KINDS = ["回复解释类", "转交办理类", "其他"]
SATISFACTION = ["满意", "基本满意", "不满意", "未评价"]
SATISFIED = ("满意", "基本满意")


class DemandCategory(DistrictOwned):
    """诉求类别: an open vocabulary, created by an import when a file names a new one."""

    name = models.CharField("类别名称", max_length=40)
    time_limit_days = models.PositiveSmallIntegerField(
        "承诺办结时限（工作日）",
        null=True,
        blank=True,
        help_text="记录没有填写“应办结时间”时，按受理时间起算的这一时限判断是否按时办结；留空则按3个工作日。",
    )

    panels = [FieldPanel("district"), FieldPanel("name"), FieldPanel("time_limit_days")]

    class Meta:
        verbose_name = "诉求类别"
        verbose_name_plural = "诉求类别"
        ordering = ["district", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="unique_demand_category_in_district",
                violation_error_message="本行政区已有同名诉求类别。",
            )
        ]

    def __str__(self):
        return self.name


class DemandRecord(DistrictOwned):
    """One demand (工单). Private: only administrators of its district see it, never the public."""

    ticket = models.CharField("诉求编号", max_length=40)
    received_at = models.DateTimeField("受理时间")
    month = models.DateField("统计月份", editable=False, help_text="受理时间所在月份的第一天。")
    channel = models.CharField("来源渠道", max_length=30, blank=True)
    category = models.ForeignKey(
        DemandCategory, verbose_name="诉求类别", on_delete=models.PROTECT, related_name="records"
    )
    kind = models.CharField("诉求类型", max_length=10, blank=True, choices=[(k, k) for k in KINDS])
    community = models.ForeignKey(
        "snippets.Community", verbose_name="所属社区", on_delete=models.PROTECT, related_name="demand_records"
    )
    grid = models.ForeignKey(
        "snippets.Grid",
        verbose_name="所属网格",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demand_records",
    )
    content = models.TextField(
        "诉求内容", blank=True, help_text="仅本行政区管理员可见，不会出现在任何公开页面、下载或接口中。"
    )
    unit = models.CharField("承办单位", max_length=80, blank=True)
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True)
    accepted_at = models.DateTimeField("接单时间", null=True, blank=True)
    due_at = models.DateTimeField(
        "应办结时间", null=True, blank=True, help_text="表中未填时，按诉求类别的承诺时限从受理时间起算。"
    )
    stage = models.CharField("办理状态", max_length=6, choices=[(s, s) for s in STAGES])
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    satisfaction = models.CharField("满意度", max_length=6, blank=True, choices=[(s, s) for s in SATISFACTION])
    # Derived when the record is imported or saved (demands.figures.derive), so that summaries are plain sums.
    accepted_in_time = models.BooleanField("及时签收", null=True, editable=False)
    resolved_on_time = models.BooleanField("按时办结", null=True, editable=False)
    handling_hours = models.FloatField("办理用时（小时）", null=True, editable=False)

    same_district_fields = ("category", "community", "grid")
    panels = [
        FieldPanel("district"),
        FieldRowPanel([FieldPanel("ticket"), FieldPanel("received_at"), FieldPanel("channel")]),
        FieldRowPanel([FieldPanel("category"), FieldPanel("kind"), FieldPanel("stage")]),
        FieldRowPanel([FieldPanel("community"), FieldPanel("grid")]),
        FieldPanel("content"),
        MultiFieldPanel(
            [
                FieldPanel("unit"),
                FieldRowPanel([FieldPanel("dispatched_at"), FieldPanel("accepted_at"), FieldPanel("due_at")]),
                FieldRowPanel([FieldPanel("resolved_at"), FieldPanel("satisfaction")]),
            ],
            heading="办理",
        ),
    ]

    class Meta:
        verbose_name = "诉求记录"
        verbose_name_plural = "诉求记录"
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "ticket"],
                name="unique_demand_ticket_in_district",
                violation_error_message="本行政区已有相同编号的诉求。",
            )
        ]
        indexes = [models.Index(fields=["district", "month", "community"], name="demand_record_month")]

    def __str__(self):
        return self.ticket

    @property
    def is_open(self):
        return self.stage in OPEN_STAGES

    def save(self, *args, **kwargs):
        """Saved one at a time (in the admin): derived facts renewed, the summaries of its months recomputed.
        Imports write in bulk and recompute once for the whole file instead."""
        from .figures import derive, recompute

        for name, value in derive(self.__dict__, self.category.time_limit_days if self.category_id else None).items():
            setattr(self, name, value)
        before = (
            DemandRecord.objects.filter(pk=self.pk).values_list("month", "community_id").first() if self.pk else None
        )
        super().save(*args, **kwargs)
        recompute(self.district, {(self.month, self.community_id), *([before] if before else [])})

    def delete(self, *args, **kwargs):
        from .figures import recompute

        pair = (self.month, self.community_id)
        result = super().delete(*args, **kwargs)
        recompute(self.district, {pair})
        return result


class DemandSummary(DistrictOwned):
    """The figures of one community, month and category: computed from records, or imported."""

    COMPUTED, IMPORTED = "computed", "imported"

    month = models.DateField("统计月份")
    community = models.ForeignKey(
        "snippets.Community", verbose_name="所属社区", on_delete=models.PROTECT, related_name="demand_summaries"
    )
    category = models.ForeignKey(
        DemandCategory, verbose_name="诉求类别", on_delete=models.PROTECT, related_name="summaries"
    )
    source = models.CharField(
        "来源", max_length=10, default=IMPORTED, choices=[(COMPUTED, "由明细计算"), (IMPORTED, "导入汇总")]
    )
    superseded = models.BooleanField(
        "已被明细取代", default=False, editable=False, help_text="该社区该月已有诉求明细时，导入的汇总不再使用。"
    )
    received = models.PositiveIntegerField("受理数", default=0)
    answered = models.PositiveIntegerField("回复解释类", default=0, help_text="直接答复、无需派单的诉求数。")
    dispatched = models.PositiveIntegerField("派单数", default=0)
    accepted_in_time = models.PositiveIntegerField("及时签收数", default=0)
    resolved = models.PositiveIntegerField("办结数", default=0)
    resolved_on_time = models.PositiveIntegerField("按期办结数", null=True, blank=True)
    answered_resolved = models.PositiveIntegerField("回复解释类办结数", default=0)
    answered_on_time = models.PositiveIntegerField("回复解释类按期办结数", default=0)
    rated = models.PositiveIntegerField("参评数", null=True, blank=True)
    satisfied = models.PositiveIntegerField("满意数", null=True, blank=True)
    handling_hours = models.FloatField("办理用时合计（小时）", null=True, blank=True)
    # How many resolved demands took how long (demands.figures.HOUR_BINS), for the median.
    hours_4 = models.PositiveIntegerField("4小时内办结", default=0)
    hours_8 = models.PositiveIntegerField("4—8小时办结", default=0)
    hours_24 = models.PositiveIntegerField("8—24小时办结", default=0)
    hours_48 = models.PositiveIntegerField("1—2天办结", default=0)
    hours_72 = models.PositiveIntegerField("2—3天办结", default=0)
    hours_120 = models.PositiveIntegerField("3—5天办结", default=0)
    hours_240 = models.PositiveIntegerField("5—10天办结", default=0)
    hours_more = models.PositiveIntegerField("10天以上办结", default=0)
    open_pending = models.PositiveIntegerField("待派单", default=0)
    open_dispatched = models.PositiveIntegerField("已派单未接单", default=0)
    open_accepted = models.PositiveIntegerField("已接单未办结", default=0)
    overdue_open = models.PositiveIntegerField("超期未办结", default=0)
    computed_at = models.DateTimeField("计算时间", null=True, blank=True, editable=False)

    same_district_fields = ("category", "community")
    panels = [
        FieldPanel("district"),
        FieldRowPanel([FieldPanel("month"), FieldPanel("community"), FieldPanel("category")]),
        FieldRowPanel([FieldPanel("received"), FieldPanel("resolved"), FieldPanel("resolved_on_time")]),
        FieldRowPanel([FieldPanel("rated"), FieldPanel("satisfied")]),
    ]

    class Meta:
        verbose_name = "诉求月度汇总"
        verbose_name_plural = "诉求月度汇总"
        ordering = ["-month", "community__name", "category__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "month", "community", "category", "source"],
                name="unique_demand_summary",
                violation_error_message="本行政区该月该社区该类别已有汇总。",
            )
        ]
        indexes = [models.Index(fields=["district", "superseded", "month"], name="demand_summary_month")]

    def __str__(self):
        return f"{self.month:%Y年%m月} {self.community} {self.category}"


from .pages import DemandDashboardPage  # noqa: E402, F401  (the page type, in its own module)
