"""Volunteer events: an index page per district, event pages below it, and residents' sign-ups.

An event happens once or repeats (每周 / 每月第n个星期x) until a date, with dates left out.
Its status is derived from the clock, the sign-ups and the 已取消 switch, never typed.
Sign-ups hold personal data (a mobile number): only staff see them, never a page, feed or API.
"""

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from blocks.media import GalleryBlock
from blocks.streams import BodyBlock
from districts.pages import DistrictPageMixin
from snippets.models.base import DistrictOwned
from snippets.privacy import PERSONAL_DATA_PERMISSION

from . import recurrence

CATEGORIES = ["义诊", "理发", "助老", "普法", "敲门行动", "环境整治", "文明实践", "应急", "红心服务集市", "其他"]
AUDIENCES = [
    ("all", "所有居民"),
    ("volunteers", "注册志愿者"),
    ("party", "党员（含“双报到”在职党员）"),
    ("elderly", "老年人及家属"),
]

RECRUITING = "招募中"
FULL = "已满员（可候补）"
ONGOING = "进行中"
ENDED = "已结束"
CANCELLED = "已取消"
STATUSES = [RECRUITING, FULL, ONGOING, ENDED, CANCELLED]


class Occurrence:
    """One date of an event: its start and end, and (once counted) its confirmed sign-ups."""

    def __init__(self, event, start, confirmed=None):
        self.event, self.start = event, start
        self.end = start + event.duration
        self.confirmed = confirmed

    @property
    def date(self):
        return timezone.localtime(self.start).date()

    @property
    def key(self):
        return self.date.isoformat()

    def status(self, now=None):
        now = now or timezone.now()
        if self.event.cancelled:
            return CANCELLED
        if now >= self.end:
            return ENDED
        if now >= self.start:
            return ONGOING
        if self.event.capacity is not None and self.confirmed is not None and self.confirmed >= self.event.capacity:
            return FULL
        return RECRUITING

    @property
    def deadline(self):
        """Sign-ups close at the deadline, or at the start when there is none; for a repeating
        event the deadline's distance from the first start applies to every date."""
        event = self.event
        if event.signup_deadline is None:
            return self.start
        return self.start - (event.start - event.signup_deadline)

    def signup_open(self, now=None):
        now = now or timezone.now()
        return self.event.takes_signups and not self.event.cancelled and now < self.deadline

    @property
    def places_left(self):
        if self.event.capacity is None or self.confirmed is None:
            return None
        return max(self.event.capacity - self.confirmed, 0)

    @property
    def status_label(self):
        return self.status()

    @property
    def status_class(self):
        return f"status--{STATUSES.index(self.status())}"


class EventIndexPage(RoutablePageMixin, DistrictPageMixin, Page):
    intro = RichTextField("简介", blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["districts.DistrictHomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1
    template = "events/event_index_page.html"

    class Meta:
        verbose_name = "志愿活动栏目"
        verbose_name_plural = "志愿活动栏目"

    def events(self):
        return (
            EventPage.objects.live()
            .public()
            .child_of(self)
            .select_related("community", "location_page")
            .prefetch_related("teams", "exceptions")
        )

    # The list, calendar, feeds and team pages are views of events.views. Calendar files are
    # served as …/feed.ics: events.urls hands `X.ics` to Wagtail as the route `X/`.

    @path("")
    def listing(self, request):
        from . import views

        return views.event_index(request, self)

    @path("feed/", name="feed")
    def feed(self, request):
        from . import views

        return views.district_feed(request, self)

    @path("teams/<int:team_id>/", name="team")
    def team(self, request, team_id):
        from . import views

        return views.team_page(request, self, team_id)

    @path("teams/<int:team_id>/feed/", name="team_feed")
    def team_feed(self, request, team_id):
        from . import views

        return views.team_feed(request, self, team_id)


class EventPage(RoutablePageMixin, DistrictPageMixin, Page):
    category = models.CharField("活动类别", max_length=20, choices=[(c, c) for c in CATEGORIES])
    start = models.DateTimeField("开始时间", help_text="重复举办的活动，填写第一次的开始时间。")
    end = models.DateTimeField("结束时间", help_text="与开始时间同一天；重复举办的活动每次时长相同。")
    repeat = models.CharField("重复", max_length=10, blank=True, choices=recurrence.REPEAT_CHOICES)
    repeat_until = models.DateField("重复截止日期", null=True, blank=True, help_text="留空则一直重复。")
    cancelled = models.BooleanField("活动已取消", default=False, help_text="勾选后页面和日历显示“已取消”。")
    community = models.ForeignKey(
        "snippets.Community",
        verbose_name="所在社区",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    location_name = models.CharField("活动地点", max_length=80, help_text="例如：文化街社区党群服务中心")
    address = models.CharField("详细地址", max_length=120, blank=True)
    location_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="地点页面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="可选：链接到服务阵地（党群服务中心）的页面。",
    )
    teams = ParentalManyToManyField(
        "snippets.VolunteerTeam", verbose_name="组织队伍", blank=True, related_name="events"
    )
    capacity = models.IntegerField(
        "名额",
        null=True,
        blank=True,
        help_text="可报名人数；留空表示无需报名。名额满后的报名进入候补，有人取消时按顺序递补。",
    )
    signup_deadline = models.DateTimeField(
        "报名截止时间", null=True, blank=True, help_text="留空则报名到活动开始为止。"
    )
    audience = models.CharField("报名对象", max_length=20, choices=AUDIENCES, default="all")
    points = models.PositiveSmallIntegerField(
        "服务积分",
        default=0,
        help_text="“双报到、双积分”：在职党员参加一次本活动记的积分。签到表导入时自动累加。",
    )
    summary = models.TextField("摘要", max_length=200, help_text="显示在活动列表和分享卡片上，200字以内。")
    body = StreamField(BodyBlock(), verbose_name="活动介绍", blank=True)
    report_served = models.PositiveIntegerField("服务人数", null=True, blank=True)
    report_account = models.TextField("活动小结", blank=True, help_text="活动结束后填写：做了什么、效果如何。")
    report_photos = StreamField([("gallery", GalleryBlock())], verbose_name="活动照片", blank=True, max_num=1)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("category"), FieldPanel("audience")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel([FieldPanel("repeat"), FieldPanel("repeat_until")]),
                InlinePanel("exceptions", label="不举办的日期"),
                FieldPanel("cancelled"),
            ],
            heading="时间",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("location_name"), FieldPanel("community")]),
                FieldPanel("address"),
                FieldPanel("location_page"),
            ],
            heading="地点",
        ),
        FieldPanel("teams"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("capacity"), FieldPanel("signup_deadline")]), FieldPanel("points")],
            heading="报名与积分",
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("report_served"), FieldPanel("report_account"), FieldPanel("report_photos")],
            heading="活动报道（活动结束后填写）",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("location_name"),
        index.SearchField("body"),
        index.FilterField("category"),
    ]
    api_fields = [
        APIField("category"),
        APIField("start"),
        APIField("end"),
        APIField("repeat_text"),
        APIField("cancelled"),
        APIField("location_name"),
        APIField("address"),
        APIField("capacity"),
        APIField("signup_deadline"),
        APIField("audience_label"),
        APIField("team_names"),
        APIField("status"),
        APIField("summary"),
        APIField("body"),
        APIField("report_served"),
        APIField("report_account"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    template = "events/event_page.html"
    og_type = "website"

    class Meta:
        verbose_name = "志愿活动"
        verbose_name_plural = "志愿活动"

    # -- rules ----------------------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end:
            if self.end <= self.start:
                errors["end"] = "结束时间必须晚于开始时间。"
            elif self.end - self.start > dt.timedelta(days=1):
                errors["end"] = "一次活动不能超过24小时；连续多天的活动请设为每周重复或分别发布。"
        if self.capacity is not None and self.capacity < 0:
            errors["capacity"] = "名额不能小于0。"
        if self.signup_deadline and self.start and self.signup_deadline > self.start:
            errors["signup_deadline"] = "报名截止时间不能晚于活动开始时间。"
        if self.repeat_until and self.start and self.repeat_until < timezone.localtime(self.start).date():
            errors["repeat_until"] = "重复截止日期不能早于第一次活动的日期。"
        if self.repeat_until and not self.repeat:
            errors["repeat_until"] = "不重复的活动不需要填写重复截止日期。"
        if errors:
            raise ValidationError(errors)

    # -- time -----------------------------------------------------------------------------

    @property
    def duration(self):
        return self.end - self.start

    @cached_property
    def exception_dates(self):
        return [e.date for e in self.exceptions.all()]

    @property
    def repeats(self):
        return bool(recurrence.rule(self.repeat, self.start))

    @property
    def repeat_text(self):
        return recurrence.describe(self.repeat, timezone.localtime(self.start), self.repeat_until)

    def occurrences(self, after=None, before=None, limit=None):
        """Occurrences that end after `after` and start before `before`."""
        begin = after - self.duration if after else None
        starts = recurrence.starts(
            self.repeat,
            timezone.localtime(self.start),
            self.repeat_until,
            self.exception_dates,
            after=begin,
            before=before,
            limit=limit,
        )
        return [Occurrence(self, s) for s in starts if not after or s + self.duration > after]

    def occurrence_on(self, day):
        """The occurrence on a date, or None."""
        start = timezone.localtime(self.start)
        moment = dt.datetime.combine(day, start.timetz())
        found = self.occurrences(after=moment, before=moment + dt.timedelta(seconds=1))
        return found[0] if found and found[0].date == day else None

    def next_occurrence(self, now=None):
        """The occurrence under way or next; for an event that is over, its last one."""
        now = now or timezone.now()
        upcoming = self.occurrences(after=now, limit=1)
        if upcoming:
            return upcoming[0]
        if not self.repeats:
            return Occurrence(self, timezone.localtime(self.start))
        past = self.occurrences(before=now)
        return past[-1] if past else Occurrence(self, timezone.localtime(self.start))

    def count_confirmed(self, occurrences):
        """Fill in each occurrence's confirmed count in one query."""
        if not self.takes_signups:
            return occurrences
        counts = dict(
            self.signups.filter(status=SignUp.CONFIRMED, occurrence__in=[o.date for o in occurrences])
            .values_list("occurrence")
            .annotate(n=models.Count("pk"))
        )
        for occurrence in occurrences:
            occurrence.confirmed = counts.get(occurrence.date, 0)
        return occurrences

    @property
    def takes_signups(self):
        return self.capacity is not None

    @property
    def status(self):
        occurrence = self.next_occurrence()
        self.count_confirmed([occurrence])
        return occurrence.status()

    # -- public fields --------------------------------------------------------------------

    @property
    def audience_label(self):
        return dict(AUDIENCES).get(self.audience, "")

    @property
    def team_names(self):
        return [t.name for t in self.teams.all()]

    @property
    def description(self):
        return self.search_description or self.summary

    @property
    def card_text(self):
        return self.summary

    @property
    def card_date(self):
        return timezone.localtime(self.start).date()

    card_image = None

    @classmethod
    def listing_queryset(cls):
        """For page lists (blocks.listings): the latest events first."""
        return cls.objects.live().public().order_by("-start")

    def structured_data(self, request):
        occurrence = self.next_occurrence()
        place = {"@type": "Place", "name": self.location_name}
        if self.address:
            place["address"] = {"@type": "PostalAddress", "streetAddress": self.address, "addressCountry": "CN"}
        data = {
            "@type": "Event",
            "name": self.title,
            "description": self.description,
            "startDate": occurrence.start.isoformat(),
            "endDate": occurrence.end.isoformat(),
            "eventStatus": "https://schema.org/EventCancelled"
            if self.cancelled
            else "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": place,
            "url": self.get_full_url(request),
            "inLanguage": "zh-CN",
            "isAccessibleForFree": True,
        }
        if self.capacity is not None:
            data["maximumAttendeeCapacity"] = self.capacity
        teams = self.team_names
        if teams:
            data["organizer"] = [{"@type": "Organization", "name": name} for name in teams]
        elif publisher := self.publisher_data(request):
            data["organizer"] = publisher
        return data

    # -- routes: the page itself, its .ics, sign-up, confirmation and cancelling (events.views) --

    @path("")
    def page(self, request):
        from . import views

        return views.event_page(request, self)

    @path("event/", name="ics")
    def ics(self, request):
        from . import views

        return views.event_feed(request, self)

    @path("signup/", name="signup")
    def signup(self, request):
        from . import views

        return views.signup(request, self)

    @path("signup/<str:token>/", name="signup_done")
    def signup_done(self, request, token):
        from . import views

        return views.signup_done(request, self, token)

    @path("signup/<str:token>/event/", name="signup_ics")
    def signup_ics(self, request, token):
        from . import views

        return views.signup_ics(request, self, token)

    @path("cancel/<str:token>/", name="cancel")
    def cancel(self, request, token):
        from . import views

        return views.cancel(request, self, token)


class EventException(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField("日期")
    reason = models.CharField("原因", max_length=60, blank=True, help_text="例如：春节放假")

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("reason")])]

    class Meta(Orderable.Meta):
        verbose_name = "不举办的日期"
        verbose_name_plural = "不举办的日期"


def new_token():
    return secrets.token_urlsafe(24)


class SignUp(models.Model):
    """A resident's sign-up for one date of an event. Scoped by district like every roster; the
    mobile number is shown whole only to users who may see personal data (snippets.privacy)."""

    CONFIRMED, WAITLISTED, CANCELLED = "confirmed", "waitlisted", "cancelled"
    STATUS_CHOICES = [(CONFIRMED, "已报名"), (WAITLISTED, "候补"), (CANCELLED, "已取消")]

    district = models.ForeignKey(
        "districts.District", verbose_name="行政区", on_delete=models.PROTECT, related_name="+", editable=False
    )
    event = models.ForeignKey(EventPage, verbose_name="活动", on_delete=models.CASCADE, related_name="signups")
    occurrence = models.DateField("活动日期")
    name = models.CharField("姓名", max_length=30)
    mobile = models.CharField("手机号码", max_length=11)
    status = models.CharField("状态", max_length=10, choices=STATUS_CHOICES)
    position = models.PositiveIntegerField("报名顺序", validators=[MinValueValidator(1)])
    token = models.CharField("取消凭证", max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField("报名时间", auto_now_add=True)
    promoted_at = models.DateTimeField("递补时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)

    # Staff correct a name here; places change only through signing up and cancelling (events.signups).
    panels = [
        FieldPanel("name"),
        FieldPanel("mobile", permission=PERSONAL_DATA_PERMISSION),
        FieldRowPanel([FieldPanel("status", read_only=True), FieldPanel("position", read_only=True)]),
    ]

    class Meta:
        verbose_name = "活动报名"
        verbose_name_plural = "活动报名"
        ordering = ["event", "occurrence", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "occurrence", "mobile"],
                condition=~Q(status="cancelled"),
                name="unique_active_signup_mobile",
                violation_error_message="这个手机号码已经报过名了。",
            ),
            models.UniqueConstraint(fields=["event", "occurrence", "position"], name="unique_signup_position"),
        ]

    def __str__(self):
        return f"{self.name}（{self.occurrence}）"

    @property
    def status_label(self):
        return self.get_status_display()


class Attendance(DistrictOwned):
    """One person at one date of an event, from a sign-in sheet (the `event_attendance` dataset).

    Importing it adds the hours to the volunteer of the same mobile and, for a "双报到" party
    member, the event's points (events.attendance keeps both in step when an import is undone)."""

    event = models.ForeignKey(EventPage, verbose_name="活动", on_delete=models.PROTECT, related_name="attendance")
    occurrence = models.DateField("活动日期")
    name = models.CharField("姓名", max_length=30)
    mobile = models.CharField("手机号码", max_length=11)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    hours = models.DecimalField("服务时长（小时）", max_digits=5, decimal_places=1, default=0)
    volunteer = models.ForeignKey(
        "snippets.Volunteer", verbose_name="志愿者", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    party_checkin = models.ForeignKey(
        "snippets.PartyCheckin",
        verbose_name="报到党员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    points = models.PositiveIntegerField("积分", default=0)

    class Meta:
        verbose_name = "活动签到"
        verbose_name_plural = "活动签到"
        ordering = ["-occurrence", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "occurrence", "mobile"],
                name="unique_attendance_per_date",
                violation_error_message="这个手机号码在这次活动已经签到过了。",
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.occurrence}）"
