"""Service centres (党群服务中心 and its network) as pages, their windows, facilities and opening hours,
and each district's calendar for a year (default weekly hours, holidays, 调休 make-up days).

A district's centres live under its 党群服务中心 index page, which also serves 15分钟服务圈 (near me)
and the 便民服务手册 (handbook). Hours logic is in centres.hours; the rules hours and calendars
must keep are in centres.validation, shared by these models' clean() and the admin forms.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from districts.pages import DistrictPageMixin, district_home_of
from snippets.models.base import DistrictOwned

from . import hours, validation
from .fields import DayField
from .forms import CalendarForm, CentrePageForm
from .geo import coordinate_errors, tel_link

LEVEL_CHOICES = [
    ("city", "市级党群服务中心"),
    ("county", "区县级党群服务中心"),
    ("street", "街道党群服务中心"),
    ("community", "社区党群服务中心"),
    ("estate", "小区党群服务站"),
    ("business", "商务楼宇/商圈党群服务站"),
    ("park", "园区/市场党群服务站"),
    ("station", "红色驿站（新就业群体）"),
]
# Offices of the state (政务服务) are GovernmentOffice in schema.org; the rest are civic places.
GOVERNMENT_LEVELS = {"city", "county", "street"}
LEVEL_ORDER = {key: number for number, (key, _label) in enumerate(LEVEL_CHOICES)}

FACILITIES = [
    "老年食堂",
    "助餐点",
    "休息区",
    "手机充电",
    "饮水",
    "图书阅览室",
    "党员活动室",
    "议事厅",
    "调解室",
    "健身室",
    "医疗服务站",
    "母婴室",
    "无障碍通道",
    "卫生间",
    "自助服务终端",
    "其他",
]

WINDOW_NAMES = ["党建", "民政", "养老", "医疗", "社保", "就业", "残联", "退役军人", "综治", "法律援助", "综合受理"]


# -- opening hours, shared by the district calendar and the centres --------------------------


class HoursRange(Orderable):
    weekday = models.PositiveSmallIntegerField("星期", choices=hours.WEEKDAY_CHOICES)
    opens = models.TimeField("开始", help_text="例如 8:30")
    closes = models.TimeField("结束", help_text="例如 12:00；到午夜填 0:00。")
    next_day = models.BooleanField("次日结束", default=False, help_text="跨过午夜的时段，例如 20:00 至次日 2:00。")
    kind = models.CharField("类型", max_length=12, choices=hours.KIND_CHOICES, default=hours.REGULAR)
    note = models.CharField("说明", max_length=60, blank=True, help_text="选填，例如：预约电话同中心电话。")

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes"), FieldPanel("next_day")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("note")]),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def as_range(self):
        return hours.Range(self.weekday, self.opens, self.closes, self.kind, self.next_day, self.note)

    def clean(self):
        super().clean()
        if errors := validation.range_errors([validation.as_range(self)]):
            raise ValidationError(errors)


class DateRange(Orderable):
    name = models.CharField("名称", max_length=30, help_text="例如：春节")
    start = DayField("开始日期")
    end = DayField("结束日期", help_text="包括这一天。只休一天时与开始日期相同。")

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("start"), FieldPanel("end")])]
    what = "假期"  # how error messages call one of these

    class Meta(Orderable.Meta):
        abstract = True

    def as_closure(self):
        return hours.Closure(self.start, self.end, self.name)

    def clean(self):
        super().clean()
        if errors := validation.closure_errors([self.as_closure()], what=self.what):
            raise ValidationError(errors)


# -- the district calendar -------------------------------------------------------------------


class DistrictCalendar(DistrictOwned, ClusterableModel):
    """作息日历: entered once a year per district; every centre of the district follows it
    unless it lists weekly hours of its own."""

    year = models.PositiveSmallIntegerField("年份", help_text="例如 2026")
    base_form_class = CalendarForm
    note = models.TextField(
        "说明",
        blank=True,
        help_text="例如：节假日依据国务院办公厅关于2026年部分节假日安排的通知。",
    )

    panels = [
        FieldRowPanel([FieldPanel("district"), FieldPanel("year")]),
        FieldPanel("note"),
        InlinePanel("hours", heading="默认每周开放时间", label="时段", min_num=0),
        InlinePanel("holidays", heading="节假日闭馆", label="假期"),
        InlinePanel("workdays", heading="调休上班日", label="调休上班日"),
    ]

    class Meta:
        verbose_name = "作息日历"
        verbose_name_plural = "作息日历"
        ordering = ["district", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year"],
                name="unique_calendar_year_in_district",
                violation_error_message="本行政区这一年的作息日历已经有了，请直接修改它。",
            )
        ]

    def __str__(self):
        return f"{self.district} {self.year}年作息日历" if self.district_id else f"{self.year}年作息日历"

    def clean(self):
        super().clean()
        if self.year is not None and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": "年份须在2000至2100之间。"})
        errors = calendar_errors(
            self.year,
            [row.as_range() for row in self.hours.all()],
            [row.as_closure() for row in self.holidays.all()],
            [(row.date, row.weekday, row.name) for row in self.workdays.all()],
        )
        if errors:
            raise ValidationError(errors)

    def as_calendar(self):
        """The hours.Calendar of this year (uses prefetched rows when there are)."""
        return hours.Calendar(
            year=self.year,
            weekly=tuple(row.as_range() for row in self.hours.all()),
            holidays=tuple(row.as_closure() for row in self.holidays.all()),
            workdays={row.date: row.weekday for row in self.workdays.all()},
        )


def calendar_errors(year, ranges, holidays, workdays):
    return (
        validation.range_errors(ranges)
        + validation.closure_errors(holidays, year)
        + validation.workday_errors(workdays, holidays, year)
    )


class CalendarHours(HoursRange):
    calendar = ParentalKey(DistrictCalendar, on_delete=models.CASCADE, related_name="hours")

    class Meta(HoursRange.Meta):
        verbose_name = "默认开放时段"
        verbose_name_plural = "默认开放时段"


class CalendarHoliday(DateRange):
    calendar = ParentalKey(DistrictCalendar, on_delete=models.CASCADE, related_name="holidays")

    class Meta(DateRange.Meta):
        verbose_name = "节假日"
        verbose_name_plural = "节假日"


class CalendarWorkday(Orderable):
    calendar = ParentalKey(DistrictCalendar, on_delete=models.CASCADE, related_name="workdays")
    date = DayField("日期", help_text="须是周六或周日。")
    weekday = models.PositiveSmallIntegerField(
        "按哪天的时间上班", choices=hours.WEEKDAY_CHOICES[:5], default=0, help_text="通常按周一的时间。"
    )
    name = models.CharField("名称", max_length=30, blank=True, help_text="例如：春节调休")

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("weekday"), FieldPanel("name")])]

    class Meta(Orderable.Meta):
        verbose_name = "调休上班日"
        verbose_name_plural = "调休上班日"

    def clean(self):
        super().clean()
        if errors := validation.workday_errors([(self.date, self.weekday, self.name)], []):
            raise ValidationError(errors)


# -- the index page of a district's centres: list, near me, handbook ---------------------------


class ServiceCentreIndexPage(RoutablePageMixin, DistrictPageMixin, Page):
    """党群服务中心: one per district, under its home page; the district's centres are its children."""

    intro = RichTextField(
        "简介",
        blank=True,
        features=["bold", "link"],
        help_text="显示在标题下方，例如：“1+4+N”党群服务矩阵，让党员群众在家门口就能找到组织。",
    )
    handbook_intro = RichTextField(
        "便民服务手册前言",
        blank=True,
        features=["bold", "link"],
        help_text="印在手册第一页，例如：一册在手、服务全有。",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("handbook_intro"), InlinePanel("emergency_numbers", label="电话")],
            heading="便民服务手册",
        ),
    ]
    api_fields = [APIField("intro"), APIField("emergency_numbers")]
    parent_page_types = ["districts.DistrictHomePage"]
    subpage_types = ["centres.ServiceCentrePage"]
    max_count_per_parent = 1
    template = "centres/centre_index_page.html"

    class Meta:
        verbose_name = "党群服务中心栏目"
        verbose_name_plural = "党群服务中心栏目"

    @property
    def description(self):
        return self.search_description or (
            "党群服务中心、服务站和红色驿站的地址、电话和开放时间，看看离您最近的哪家正在营业。"
        )

    @path("", name="index")
    def listing(self, request):
        from . import views

        return views.centre_index(request, self)

    @path("nearby/", name="nearby")
    def nearby(self, request):
        from . import views

        return views.nearby(request, self)

    @path("handbook/", name="handbook")
    def handbook(self, request):
        from . import views

        return views.handbook(request, self)

    @path("handbook/<int:community_id>/", name="community_handbook")
    def community_handbook(self, request, community_id):
        from . import views

        return views.handbook(request, self, community_id)


class EmergencyNumber(Orderable):
    page = ParentalKey(ServiceCentreIndexPage, on_delete=models.CASCADE, related_name="emergency_numbers")
    name = models.CharField("名称", max_length=30, help_text="例如：火警、政务服务便民热线")
    number = models.CharField("号码", max_length=20, help_text="例如：119、12345、0971-8000000")

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("number")])]
    api_fields = [APIField("name"), APIField("number")]

    class Meta(Orderable.Meta):
        verbose_name = "应急和便民电话"
        verbose_name_plural = "应急和便民电话"

    @property
    def tel(self):
        return tel_link(self.number)


# -- a centre ---------------------------------------------------------------------------------


class ServiceCentrePage(DistrictPageMixin, Page):
    """A 党群服务中心, 服务站 or 红色驿站: where it is, when it is open, what its windows handle."""

    level = models.CharField("类型", max_length=12, choices=LEVEL_CHOICES, default="community")
    district = models.ForeignKey(
        "districts.District",
        verbose_name="行政区",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="service_centres",
        help_text="保存时按所在行政区首页自动填写。",
    )
    community = models.ForeignKey(
        "snippets.Community",
        verbose_name="所在社区",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_centres",
        help_text="社区党群服务中心请选择它服务的社区；居民在“15分钟服务圈”按社区查找时以它的位置为准。",
    )
    summary = models.CharField(
        "简介", max_length=200, blank=True, help_text="一两句话，显示在列表里。例如：一站式办理社保、民政、养老业务。"
    )
    address = models.CharField("地址", max_length=120, help_text="居民照着能找到的地址，例如：城中区文亭巷12号")
    latitude = models.DecimalField(
        "纬度", max_digits=9, decimal_places=6, null=True, blank=True, help_text="例如 36.617000（GPS 坐标）"
    )
    longitude = models.DecimalField(
        "经度", max_digits=9, decimal_places=6, null=True, blank=True, help_text="例如 101.778000（GPS 坐标）"
    )
    phone = models.CharField("咨询电话", max_length=20, blank=True, help_text="例如 0971-8000000")
    appointment = models.CharField(
        "预约方式", max_length=120, blank=True, help_text="预约服务时段怎样预约，例如：提前一天电话预约。"
    )
    open_on_holidays = models.BooleanField(
        "节假日照常开放",
        default=False,
        help_text="例如24小时开放的红色驿站；勾选后行政区作息日历的假期对本中心不适用。",
    )
    body = RichTextField("介绍", blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("level"), FieldPanel("community")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("appointment")]),
            ],
            heading="地址和电话",
        ),
        InlinePanel("windows", heading="服务窗口", label="窗口"),
        InlinePanel("facilities", heading="便民设施", label="设施"),
        InlinePanel("photos", heading="照片", label="照片", max_num=8),
        FieldPanel("body"),
    ]
    hours_panels = [
        FieldPanel("open_on_holidays"),
        InlinePanel(
            "hours",
            heading="本中心每周开放时间",
            label="时段",
            help_text="不填则按行政区作息日历；填写后完全代替作息日历的每周时间（假期和调休仍按日历）。",
        ),
        InlinePanel("closures", heading="本中心临时闭馆", label="闭馆"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="内容"),
            ObjectList(hours_panels, heading="开放时间"),
            ObjectList(Page.promote_panels, heading="推广"),
            ObjectList(Page.settings_panels, heading="设置"),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("address"),
        index.SearchField("body"),
        index.FilterField("level"),
        index.FilterField("district"),
    ]
    api_fields = [
        APIField("level"),
        APIField("level_label"),
        APIField("summary"),
        APIField("address"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("phone"),
        APIField("appointment"),
        APIField("open_on_holidays"),
        APIField("community_name"),
        APIField("windows"),
        APIField("facilities"),
        APIField("weekly_hours"),
        APIField("status"),
        APIField("body"),
    ]
    parent_page_types = ["centres.ServiceCentreIndexPage"]
    subpage_types = []
    base_form_class = CentrePageForm
    template = "centres/centre_page.html"

    class Meta:
        verbose_name = "党群服务中心"
        verbose_name_plural = "党群服务中心"

    def clean(self):
        super().clean()
        errors = coordinate_errors(self.latitude, self.longitude)
        ranges = [row.as_range() for row in self.hours.all()]
        closures = [row.as_closure() for row in self.closures.all()]
        listed = validation.range_errors(ranges) + validation.closure_errors(closures, what="闭馆")
        if listed:
            errors.setdefault("__all__", []).extend(listed)
        if self.community_id and self.path:
            home = district_home_of(self)
            if home is not None and self.community.district_id != home.district_id:
                errors["community"] = f"社区“{self.community}”属于另一个行政区。"
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.path:
            home = district_home_of(self)
            self.district_id = home.district_id if home else None
        super().save(*args, **kwargs)

    # -- hours ---------------------------------------------------------------------------------

    def schedule(self):
        """This centre's hours.Schedule (two queries for the calendars unless loaded in bulk)."""
        if getattr(self, "_schedule", None) is None:
            from .schedules import attach_schedules

            attach_schedules([self])
        return self._schedule

    def status_at(self, when=None):
        return hours.status_at(self, when)

    @cached_property
    def status(self):
        """Now, for the API and templates: {is_open, kind, label, detail}."""
        status = self.status_at()
        return {"is_open": status.is_open, "kind": status.kind, "label": status.label, "detail": status.detail}

    @property
    def weekly_hours(self):
        """The usual week (the centre's own, else the district calendar's for this year), for the API."""
        return [
            {
                "weekday": rng.weekday,
                "opens": rng.opens.strftime("%H:%M"),
                "closes": rng.closes.strftime("%H:%M"),
                "next_day": rng.next_day,
                "kind": rng.kind,
            }
            for rng in self.schedule().weekly_for(hours.local(None).date())
        ]

    # -- public fields -------------------------------------------------------------------------

    @property
    def level_label(self):
        return self.get_level_display()

    @property
    def community_name(self):
        return self.community.name if self.community_id else ""

    @property
    def windows_list(self):
        return list(self.windows.all())

    @property
    def has_position(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def geo_uri(self):
        """geo:36.617,101.778 — opens the phone's own map app; no outside service is called."""
        if not self.has_position:
            return ""
        point = f"{self.latitude.normalize()},{self.longitude.normalize()}"
        return f"geo:{point}?q={point}"

    @property
    def tel(self):
        return tel_link(self.phone)

    @property
    def description(self):
        return self.search_description or self.summary or f"{self.get_level_display()}：{self.address}"

    @property
    def card_text(self):
        return self.summary or self.address

    @property
    def card_date(self):
        return None

    @property
    def card_image(self):
        photos = list(self.photos.all())
        return photos[0].image if photos else None

    @property
    def social_image(self):
        return self.card_image or super().social_image

    @classmethod
    def listing_queryset(cls):
        return (
            cls.objects.live()
            .public()
            .order_by("path")
            .select_related("community")
            .prefetch_related("photos__image__renditions")
        )

    def get_context(self, request, *args, **kwargs):
        from .display import CentreView

        context = super().get_context(request, *args, **kwargs)
        prefetch_related_objects([self], "windows", "facilities", "photos__image__renditions", "community")
        context["view"] = CentreView(self)
        return context

    def serve(self, request, *args, **kwargs):
        """The page says whether the centre is open: caches may keep it until that changes (at most 10 minutes)."""
        response = super().serve(request, *args, **kwargs)
        changes_at = hours.next_change(self)
        seconds = 600 if changes_at is None else int((changes_at - hours.local(None)).total_seconds())
        patch_cache_control(response, max_age=max(0, min(seconds, 600)))
        return response

    def structured_data(self, request):
        from .structured import centre_data

        return centre_data(self, request)


class ServiceWindow(Orderable):
    """A window (窗口) of a centre: 党建, 民政, 养老, 医疗, 就业 … and what it handles."""

    centre = ParentalKey(ServiceCentrePage, on_delete=models.CASCADE, related_name="windows")
    name = models.CharField("窗口名称", max_length=30, help_text="例如：民政、养老、社保、就业")
    number = models.CharField("窗口号", max_length=10, blank=True, help_text="选填，例如 3号窗口填 3")
    handles = models.TextField(
        "办理事项",
        blank=True,
        help_text="这个窗口办理的事项，每行一项，例如：高龄津贴申请、低保申请、居住证办理。",
    )
    hours_note = models.CharField(
        "窗口时间", max_length=60, blank=True, help_text="与中心开放时间不同时填写，例如：仅周二、周四上午。"
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("number")]),
        FieldPanel("handles"),
        FieldPanel("hours_note"),
    ]
    api_fields = [APIField("name"), APIField("number"), APIField("handle_list"), APIField("hours_note")]

    class Meta(Orderable.Meta):
        verbose_name = "服务窗口"
        verbose_name_plural = "服务窗口"

    def __str__(self):
        return f"{self.centre.title} · {self.label}" if self.centre_id else self.label

    @property
    def label(self):
        return f"{self.number}号窗口 {self.name}" if self.number else f"{self.name}窗口"

    @property
    def handle_list(self):
        return [line.strip(" -·、") for line in self.handles.splitlines() if line.strip(" -·、")]


class CentreHours(HoursRange):
    centre = ParentalKey(ServiceCentrePage, on_delete=models.CASCADE, related_name="hours")

    class Meta(HoursRange.Meta):
        verbose_name = "开放时段"
        verbose_name_plural = "开放时段"


class CentreClosure(DateRange):
    centre = ParentalKey(ServiceCentrePage, on_delete=models.CASCADE, related_name="closures")
    what = "闭馆"

    class Meta(DateRange.Meta):
        verbose_name = "临时闭馆"
        verbose_name_plural = "临时闭馆"


class CentreFacility(Orderable):
    centre = ParentalKey(ServiceCentrePage, on_delete=models.CASCADE, related_name="facilities")
    kind = models.CharField("设施", max_length=12, choices=[(f, f) for f in FACILITIES])
    note = models.CharField(
        "说明", max_length=60, blank=True, help_text="选填，例如：午餐 11:30–13:00，60岁以上老人优惠。"
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("note")])]
    api_fields = [APIField("kind"), APIField("note")]

    class Meta(Orderable.Meta):
        verbose_name = "便民设施"
        verbose_name_plural = "便民设施"


class CentrePhoto(Orderable):
    centre = ParentalKey(ServiceCentrePage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", verbose_name="照片", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField("说明", max_length=60, blank=True, help_text="同时作为读屏软件读出的替代文字。")

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = "照片"
        verbose_name_plural = "照片"
