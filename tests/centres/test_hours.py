"""centres.hours: the status of a centre at any moment, in Asia/Shanghai, across midnight, weekends,
holidays and 调休 make-up days; when it next changes; the week summaries. Pure: no database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from centres.hours import (
    APPOINTMENT,
    EXTENDED,
    Calendar,
    Closure,
    Range,
    Schedule,
    next_change,
    status_at,
    week_ahead,
    week_summary,
)

T = dt.time
SH = ZoneInfo("Asia/Shanghai")
WEEKDAYS = range(5)
WEEK = (
    tuple(Range(d, T(8, 30), T(12)) for d in WEEKDAYS)
    + tuple(Range(d, T(14, 30), T(18)) for d in WEEKDAYS)
    + (Range(1, T(18), T(20), EXTENDED), Range(5, T(9), T(12), EXTENDED), Range(6, T(9, 30), T(11, 30), APPOINTMENT))
)
HOLIDAYS = (
    Closure(dt.date(2026, 1, 1), dt.date(2026, 1, 3), "元旦"),
    Closure(dt.date(2026, 2, 15), dt.date(2026, 2, 23), "春节"),
    Closure(dt.date(2026, 10, 1), dt.date(2026, 10, 7), "国庆节"),
)
WORKDAYS = {dt.date(2026, 2, 14): 0, dt.date(2026, 2, 28): 0, dt.date(2026, 9, 20): 0, dt.date(2026, 10, 10): 4}
DISTRICT = Schedule(
    calendars={
        2026: Calendar(2026, WEEK, HOLIDAYS, WORKDAYS),
        2027: Calendar(2027, WEEK, (Closure(dt.date(2027, 1, 1), dt.date(2027, 1, 3), "元旦"),), {}),
    }
)


def at(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=SH)


@pytest.mark.parametrize(
    ("moment", "is_open", "label"),
    [
        ("2026-11-23 09:00", True, "正在营业"),  # Monday morning
        ("2026-11-23 07:59", False, "尚未开门，今天 8:30 开门"),
        ("2026-11-23 12:30", False, "午间休息，今天 14:30 开门"),
        ("2026-11-23 18:00", False, "已下班，明天 8:30 开门"),  # closing time itself is closed
        ("2026-11-24 19:00", True, "正在营业（错时延时服务）"),  # Tuesday evening 延时
        ("2026-11-20 19:00", False, "已下班，明天 9:00 开门"),  # Friday → Saturday 错时
        ("2026-11-21 13:00", False, "已下班，明天 9:30 起可预约"),  # Saturday → Sunday 预约
        ("2026-11-22 10:00", True, "预约服务中"),
        ("2026-11-22 12:00", False, "已下班，明天 8:30 开门"),
        ("2026-02-16 10:00", False, "春节放假，2月24日 8:30 开门"),  # a Monday in the holiday
        ("2026-02-13 19:00", False, "已下班，明天 8:30 开门"),  # Saturday 2/14 is a make-up day
        ("2026-02-14 10:00", True, "正在营业"),  # make-up Saturday follows Monday's hours
        ("2026-02-14 19:00", False, "已下班，2月24日 8:30 开门"),
        ("2026-10-10 15:00", True, "正在营业"),  # make-up Saturday following Friday's hours
        ("2026-12-31 19:00", False, "已下班，周一 8:30 开门"),  # across the year: 2027's 元旦
    ],
)
def test_status_labels(moment, is_open, label):
    status = status_at(DISTRICT, at(moment))
    assert (status.is_open, status.label) == (is_open, label)


def test_open_status_says_when_it_closes_and_of_which_kind():
    status = status_at(DISTRICT, at("2026-11-23 09:00"))
    assert status.kind == "regular" and status.detail == "12:00 下班" and status.walk_in
    evening = status_at(DISTRICT, at("2026-11-24 18:30"))
    assert evening.kind == EXTENDED and evening.kind_label == "错时延时"
    sunday = status_at(DISTRICT, at("2026-11-22 10:00"))
    assert sunday.by_appointment and not sunday.walk_in and sunday.detail == "预约至 11:30"


def test_back_to_back_ranges_of_one_kind_run_on():
    schedule = Schedule(own_weekly=(Range(0, T(8), T(12)), Range(0, T(12), T(18))))
    assert status_at(schedule, at("2026-11-23 09:00")).detail == "18:00 下班"
    # A change of kind is a change of status.
    mixed = Schedule(own_weekly=(Range(0, T(8), T(12)), Range(0, T(12), T(14), APPOINTMENT)))
    assert next_change(mixed, at("2026-11-23 09:00")) == at("2026-11-23 12:00")


def test_overnight_range_crosses_midnight():
    schedule = Schedule(own_weekly=(Range(4, T(20), T(2), EXTENDED, next_day=True),))  # Friday 20:00–Sat 2:00
    assert status_at(schedule, at("2026-11-20 23:59")).is_open
    saturday = status_at(schedule, at("2026-11-21 01:30"))
    assert saturday.is_open and saturday.detail == "2:00 下班"
    assert next_change(schedule, at("2026-11-21 01:30")) == at("2026-11-21 02:00")
    after = status_at(schedule, at("2026-11-21 02:00"))
    assert not after.is_open and after.label == "今日休息，周五 20:00 开门"
    assert status_at(schedule, at("2026-11-20 19:59")).label == "尚未开门，今天 20:00 开门"


def test_sunday_overnight_runs_into_monday():
    schedule = Schedule(own_weekly=(Range(6, T(22), T(1), next_day=True),))
    assert status_at(schedule, at("2026-11-23 00:30")).is_open  # Monday 0:30


def test_midnight_closing_time_means_end_of_day():
    schedule = Schedule(own_weekly=(Range(0, T(18), T(0)),))
    assert status_at(schedule, at("2026-11-23 23:59")).is_open
    assert not status_at(schedule, at("2026-11-24 00:00")).is_open


def test_round_the_clock_station_open_on_holidays():
    station = Schedule(
        calendars=DISTRICT.calendars,
        own_weekly=tuple(Range(d, T(0), T(0), next_day=True) for d in range(7)),
        open_on_holidays=True,
    )
    status = status_at(station, at("2026-02-16 03:00"))
    assert status.is_open and status.detail == "24小时开放" and status.changes_at is None


def test_centres_own_closure_wins_over_weekly_hours():
    schedule = Schedule(
        calendars=DISTRICT.calendars, closures=(Closure(dt.date(2026, 11, 23), dt.date(2026, 11, 24), "内部装修"),)
    )
    status = status_at(schedule, at("2026-11-23 10:00"))
    assert status.label == "暂停开放（内部装修），后天 8:30 开门" and status.detail == "内部装修"


def test_own_week_replaces_districts_but_holidays_still_apply():
    schedule = Schedule(calendars=DISTRICT.calendars, own_weekly=(Range(6, T(10), T(16)),))
    assert not status_at(schedule, at("2026-11-23 10:00")).is_open  # district Monday hours no longer apply
    assert status_at(schedule, at("2026-11-22 10:00")).is_open
    assert not status_at(schedule, at("2026-10-04 10:00")).is_open  # 国庆节, a Sunday


def test_naive_and_utc_moments_are_read_in_shanghai():
    utc = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)  # 9:00 in Shanghai
    assert status_at(DISTRICT, utc).is_open
    assert status_at(DISTRICT, dt.datetime(2026, 11, 23, 9, 0)).is_open


def test_next_change_walks_over_weekends_and_holidays():
    assert next_change(DISTRICT, at("2026-11-23 09:00")) == at("2026-11-23 12:00")
    assert next_change(DISTRICT, at("2026-09-30 18:30")) == at("2026-10-08 08:30")
    assert next_change(Schedule(), at("2026-11-23 09:00")) is None
    assert status_at(Schedule(), at("2026-11-23 09:00")).label == "暂无开放时间"


def test_missing_year_falls_back_to_latest_calendar():
    only_2026 = Schedule(calendars={2026: DISTRICT.calendars[2026]})
    assert status_at(only_2026, at("2028-03-06 09:00")).is_open  # a Monday, 2026's week


def test_week_ahead_marks_holidays_and_make_up_days():
    rows = week_ahead(DISTRICT, at("2026-02-12 09:00"))
    assert [r.date.day for r in rows] == [12, 13, 14, 15, 16, 17, 18]
    assert rows[2].note == "调休上班（按周一时间）" and len(rows[2].ranges) == 2
    assert rows[3].closure == "春节" and rows[3].ranges == []


def test_week_summary_groups_days_with_the_same_hours():
    assert week_summary(WEEK) == [
        "周一 8:30–12:00、14:30–18:00",
        "周二 8:30–12:00、14:30–18:00、18:00–20:00（错时·延时服务）",
        "周三至周五 8:30–12:00、14:30–18:00",
        "周六 9:00–12:00（错时·延时服务）",
        "周日 9:30–11:30（预约服务）",
    ]
    assert week_summary([Range(d, T(0), T(0), next_day=True) for d in range(7)]) == ["周一至周日 0:00–次日0:00"]
    assert week_summary([]) == ["周一至周日 休息"]
