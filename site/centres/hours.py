"""Opening hours: is a centre open at a moment, what does the sign on its door say, and when does that change.

Pure: works on `Schedule`s (plain data), never on the database, so that it can be tested
for any moment and used for hundreds of centres at once. Times are Asia/Shanghai wall-clock
times; a moment without a time zone is taken to be one.

A week is several ranges per weekday, each of a kind (常规, 错时·延时服务, 预约服务); a range may
end the next day (跨夜). A district's calendar for a year gives the default week, its holiday
closures and its 调休 make-up working days (which weekday's hours apply that day); a centre may
replace the week and add closures of its own.
"""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from pagecache.expiry import expire_when, first_change, next_midnight

TZ = ZoneInfo("Asia/Shanghai")

REGULAR, EXTENDED, APPOINTMENT = "regular", "extended", "appointment"
KIND_CHOICES = [(REGULAR, "常规"), (EXTENDED, "错时·延时服务"), (APPOINTMENT, "预约服务")]
KIND_SHORT = {REGULAR: "常规", EXTENDED: "错时延时", APPOINTMENT: "预约"}
WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
WEEKDAY_CHOICES = list(enumerate(WEEKDAYS))
DAY = 24 * 60
# How far ahead to look for the next opening: past the longest holiday and a year's turn.
HORIZON_DAYS = 400


def minutes(value):
    return value.hour * 60 + value.minute


def clock(value):
    """8:30, 14:00 — hours without a leading zero, the way a door sign writes them."""
    return f"{value.hour}:{value.minute:02d}"


@dataclass(frozen=True)
class Range:
    """One opening range of a weekday. `closes` at 0:00 means midnight (24:00); with `next_day`
    the range ends on the following day (opens == closes with next_day: 24 hours)."""

    weekday: int
    opens: dt.time
    closes: dt.time
    kind: str = REGULAR
    next_day: bool = False
    note: str = ""

    @property
    def start(self):
        return minutes(self.opens)

    @property
    def end(self):
        """Minutes after the weekday's midnight: above 1440 when the range ends the next day."""
        end = minutes(self.closes)
        if self.next_day:
            return end + DAY
        return DAY if end == 0 else end

    @property
    def kind_label(self):
        return dict(KIND_CHOICES).get(self.kind, "")

    @property
    def text(self):
        end = f"次日{clock(self.closes)}" if self.next_day else ("24:00" if self.end == DAY else clock(self.closes))
        return f"{clock(self.opens)}–{end}"


@dataclass(frozen=True)
class Closure:
    """Closed from `start` to `end`, both included (a holiday, or a centre's own closure)."""

    start: dt.date
    end: dt.date
    name: str

    def days(self):
        day = self.start
        while day <= self.end:
            yield day
            day += dt.timedelta(days=1)


@dataclass
class Calendar:
    """A district's calendar for one year."""

    year: int
    weekly: tuple = ()
    holidays: tuple = ()
    workdays: dict = field(default_factory=dict)  # date -> weekday whose hours apply that day

    def __post_init__(self):
        self.holiday_on = {day: holiday for holiday in self.holidays for day in holiday.days()}


@dataclass
class Schedule:
    """Everything that decides when one centre is open."""

    calendars: dict = field(default_factory=dict)  # year -> Calendar
    own_weekly: tuple = ()  # the centre's own week; empty: the district's
    closures: tuple = ()  # the centre's own closures
    open_on_holidays: bool = False

    def calendar_for(self, year):
        """That year's calendar; else the latest before it; else the earliest after it."""
        if year in self.calendars:
            return self.calendars[year]
        earlier = [y for y in self.calendars if y < year]
        if earlier:
            return self.calendars[max(earlier)]
        return self.calendars[min(self.calendars)] if self.calendars else None

    def weekly_for(self, day):
        if self.own_weekly:
            return self.own_weekly
        calendar = self.calendar_for(day.year)
        return calendar.weekly if calendar else ()

    def closure_on(self, day):
        """(closure, is_holiday) for a day the centre is shut, else (None, False)."""
        for closure in self.closures:
            if closure.start <= day <= closure.end:
                return closure, False
        if not self.open_on_holidays:
            for calendar in self.calendars.values():
                if day in calendar.holiday_on:
                    return calendar.holiday_on[day], True
        return None, False

    def makeup_weekday(self, day):
        """The weekday whose hours apply on a 调休 make-up working day, else None."""
        for calendar in self.calendars.values():
            if day in calendar.workdays:
                return calendar.workdays[day]
        return None

    def ranges_on(self, day):
        """The ranges that start on `day` (none when it is closed), earliest first."""
        if self.closure_on(day)[0] is not None:
            return []
        weekday = self.makeup_weekday(day)
        if weekday is None:
            weekday = day.weekday()
        return sorted((r for r in self.weekly_for(day) if r.weekday == weekday), key=lambda r: r.start)

    def intervals_on(self, day):
        """(start, end, range) as aware datetimes for the ranges that start on `day`."""
        midnight = dt.datetime.combine(day, dt.time(), tzinfo=TZ)
        return [
            (midnight + dt.timedelta(minutes=r.start), midnight + dt.timedelta(minutes=r.end), r)
            for r in self.ranges_on(day)
        ]


@dataclass(frozen=True)
class Status:
    """What a centre's door says at a moment."""

    is_open: bool  # open now, for walk-ins (常规, 错时延时) or by appointment (预约)
    kind: str  # REGULAR / EXTENDED / APPOINTMENT while open, "" while closed
    label: str  # 正在营业 / 已下班，明天 8:30 开门 / 预约服务中 …
    detail: str = ""  # 18:00 下班 / 春节 …
    changes_at: dt.datetime = None  # when this status next changes (None: not within the horizon)

    @property
    def kind_label(self):
        return KIND_SHORT.get(self.kind, "")

    @property
    def by_appointment(self):
        return self.kind == APPOINTMENT

    @property
    def walk_in(self):
        """Open to anyone walking in (not only by appointment)."""
        return self.is_open and self.kind != APPOINTMENT

    @property
    def css(self):
        if not self.is_open:
            return "closed"
        return "appointment" if self.by_appointment else "open"


def local(when):
    if when is None:
        return dt.datetime.now(TZ)
    if when.tzinfo is None:
        return when.replace(tzinfo=TZ)
    return when.astimezone(TZ)


def _day_phrase(day, today):
    delta = (day - today).days
    if delta == 0:
        return "今天"
    if delta == 1:
        return "明天"
    if delta == 2:
        return "后天"
    if delta < 7:
        return WEEKDAYS[day.weekday()]
    if day.year == today.year:
        return f"{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def _open_until(schedule, end, kind):
    """Where a run of back-to-back ranges of the same kind ends (a 24-hour station runs on)."""
    for _ in range(HORIZON_DAYS):
        following = [e for s, e, r in schedule.intervals_on(end.date()) if s == end and r.kind == kind]
        if not following:
            return end
        end = following[0]
    return None


def status_at(centre, when=None):
    """The Status of `centre` (a Schedule, or anything with a `schedule()`) at `when` (default: now)."""
    schedule = centre if isinstance(centre, Schedule) else centre.schedule()
    now = local(when)
    today = now.date()
    yesterday = today - dt.timedelta(days=1)
    for start, end, rng in schedule.intervals_on(yesterday) + schedule.intervals_on(today):
        if start <= now < end:
            return _shown(_open_status(schedule, now, end, rng), now)
    return _shown(_closed_status(schedule, now), now)


def _shown(status, now):
    """A page showing this status (or a list filtered by it) is cached no longer than it holds,
    nor past midnight, when its 明天 becomes 今天."""
    expire_when(first_change([status.changes_at, next_midnight(now)], now))
    return status


def _open_status(schedule, now, end, rng):
    until = _open_until(schedule, end, rng.kind)
    if until is None:
        detail = "24小时开放"
    elif until.date() == now.date():
        detail = f"{clock(until)} 下班" if rng.kind != APPOINTMENT else f"预约至 {clock(until)}"
    else:
        detail = f"{_day_phrase(until.date(), now.date())} {clock(until)} 结束"
    label = {REGULAR: "正在营业", EXTENDED: "正在营业（错时延时服务）", APPOINTMENT: "预约服务中"}[rng.kind]
    return Status(True, rng.kind, label, detail, until)


def _closed_status(schedule, now):
    today = now.date()
    closure, is_holiday = schedule.closure_on(today)
    todays = schedule.intervals_on(today)
    if closure is not None:
        reason, detail = (f"{closure.name}放假" if is_holiday else f"暂停开放（{closure.name}）"), closure.name
    elif todays and all(end <= now for _s, end, _r in todays):
        reason, detail = "已下班", ""
    elif todays and any(end <= now for _s, end, _r in todays):
        reason, detail = "午间休息", ""
    elif todays:
        reason, detail = "尚未开门", ""
    else:
        reason, detail = "今日休息", ""
    day = today
    for _ in range(HORIZON_DAYS):
        upcoming = [(s, r) for s, _e, r in schedule.intervals_on(day) if s > now]
        if upcoming:
            start, rng = upcoming[0]
            action = "起可预约" if rng.kind == APPOINTMENT else "开门"
            label = f"{reason}，{_day_phrase(day, today)} {clock(start)} {action}"
            return Status(False, "", label, detail, start)
        day += dt.timedelta(days=1)
    return Status(False, "", "暂无开放时间" if closure is None else reason, detail, None)


def statuses_at(centres, when=None):
    """{centre pk: Status} for many ServiceCentrePages, their schedules loaded in a constant
    number of queries (centres.schedules) whatever their number."""
    from .schedules import attach_schedules

    return {centre.pk: status_at(centre, when) for centre in attach_schedules(centres)}


def next_change(centre, when=None):
    """When `centre`'s status next changes (a page cache expires then), or None."""
    return status_at(centre, when).changes_at


@dataclass(frozen=True)
class DayHours:
    """One row of the week table: a date, its ranges, and why it differs from the usual week."""

    date: dt.date
    ranges: list
    closure: str = ""
    note: str = ""  # 调休上班（按周一时间）

    @property
    def weekday_label(self):
        return WEEKDAYS[self.date.weekday()]


def week_ahead(centre, when=None, days=7):
    """The next `days` dates from `when`'s day, as DayHours."""
    schedule = centre if isinstance(centre, Schedule) else centre.schedule()
    first = local(when).date()
    rows = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        closure, _holiday = schedule.closure_on(day)
        makeup = schedule.makeup_weekday(day)
        note = f"调休上班（按{WEEKDAYS[makeup]}时间）" if makeup is not None and closure is None else ""
        rows.append(DayHours(day, schedule.ranges_on(day), closure.name if closure else "", note))
    return rows


def usual_week(ranges):
    """[(weekday label, [ranges])] for Monday to Sunday: the usual week, without holidays."""
    by_day = {weekday: [] for weekday in range(7)}
    for rng in sorted(ranges, key=lambda r: (r.weekday, r.start)):
        by_day[rng.weekday].append(rng)
    return [(WEEKDAYS[weekday], by_day[weekday]) for weekday in range(7)]


def _day_span(first, last):
    if first == last:
        return WEEKDAYS[first]
    if last == first + 1:
        return f"{WEEKDAYS[first]}、{WEEKDAYS[last]}"
    return f"{WEEKDAYS[first]}至{WEEKDAYS[last]}"


def week_summary(ranges):
    """The usual week in a few lines, consecutive days with the same hours together:
    ["周一至周五 8:30–12:00、14:30–18:00", "周六 9:00–12:00（预约服务）", "周日 休息"]."""

    def day_text(day_ranges):
        if not day_ranges:
            return "休息"
        parts = []
        for rng in day_ranges:
            parts.append(rng.text if rng.kind == REGULAR else f"{rng.text}（{rng.kind_label}）")
        return "、".join(parts)

    texts = [day_text(day_ranges) for _label, day_ranges in usual_week(ranges)]
    lines, first = [], 0
    for weekday in range(1, 8):
        if weekday == 7 or texts[weekday] != texts[first]:
            lines.append(f"{_day_span(first, weekday - 1)} {texts[first]}")
            first = weekday
    return lines
