"""Repeating dates, derived status, and calendar files parsed back with `icalendar`."""

import datetime as dt

import icalendar
import pytest
from django.utils import timezone

from events import recurrence
from events.models import CANCELLED, ENDED, FULL, ONGOING, RECRUITING, EventException, EventPage, Occurrence

TZ = timezone.get_fixed_timezone(8 * 60)


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


def test_monthly_on_the_first_saturday_with_an_exception():
    start = at(2026, 1, 3, 9)  # the first Saturday of January 2026
    found = recurrence.starts(recurrence.MONTHLY, start, until=dt.date(2026, 6, 30), exceptions=[dt.date(2026, 2, 7)])
    assert [s.date() for s in found] == [
        dt.date(2026, 1, 3),
        dt.date(2026, 3, 7),
        dt.date(2026, 4, 4),
        dt.date(2026, 5, 2),
        dt.date(2026, 6, 6),
    ]
    assert all(s.hour == 9 and s.weekday() == 5 for s in found)
    assert recurrence.describe(recurrence.MONTHLY, start) == "每月第一个星期六"
    rule = recurrence.ical_rule(recurrence.MONTHLY, start, dt.date(2026, 6, 30))
    assert rule["FREQ"] == "MONTHLY" and rule["BYDAY"] == "1SA"
    assert rule["UNTIL"] == dt.datetime(2026, 6, 30, 15, 59, 59, tzinfo=dt.UTC)


def test_weekly_and_the_last_weekday_of_a_month():
    found = recurrence.starts(recurrence.WEEKLY, at(2026, 3, 6, 15), after=at(2026, 3, 10), limit=3)
    assert [s.date() for s in found] == [dt.date(2026, 3, 13), dt.date(2026, 3, 20), dt.date(2026, 3, 27)]
    assert recurrence.describe(recurrence.MONTHLY, at(2026, 1, 31, 9)) == "每月最后一个星期六"
    assert recurrence.starts(recurrence.ONCE, at(2026, 3, 6, 15), after=at(2026, 3, 7)) == []


@pytest.mark.django_db
def test_status_is_derived(make_event):
    event = make_event(capacity=2)
    occurrence = event.next_occurrence()
    start, end = occurrence.start, occurrence.end
    occurrence.confirmed = 1
    assert occurrence.status(now=start - dt.timedelta(hours=1)) == RECRUITING
    occurrence.confirmed = 2
    assert occurrence.status(now=start - dt.timedelta(hours=1)) == FULL
    assert occurrence.status(now=start + dt.timedelta(minutes=5)) == ONGOING
    assert occurrence.status(now=end) == ENDED
    event.cancelled = True
    assert Occurrence(event, start).status(now=start - dt.timedelta(days=1)) == CANCELLED
    assert make_event(days=-3).status == ENDED


@pytest.mark.django_db
def test_event_ics_has_the_rule_and_the_left_out_dates(client, make_event):
    event = make_event(repeat="monthly", capacity=None)
    first = timezone.localtime(event.start).date()
    skipped = event.occurrences(after=event.start, limit=3)[1].date
    EventException.objects.create(page=event, date=skipped, reason="春节放假")
    response = client.get(event.url + "event.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    [vevent] = cal.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent["RRULE"]["FREQ"] == ["MONTHLY"]
    assert vevent.decoded("DTSTART").date() == first
    assert str(vevent.decoded("DTSTART").tzinfo) in {"Asia/Shanghai", "CST"}
    exdates = [d.dt.date() for group in [vevent["EXDATE"]] for d in group.dts]
    assert exdates == [skipped]
    assert cal.walk("VTIMEZONE"), "a zoned calendar carries its VTIMEZONE"
    assert "文化街社区党群服务中心" in str(vevent["LOCATION"])
    # the occurrences a calendar app would show skip the left-out date
    fresh = EventPage.objects.get(pk=event.pk)
    assert skipped not in [o.date for o in fresh.occurrences(after=fresh.start, limit=3)]


@pytest.mark.django_db
def test_district_and_team_feeds_parse(client, make_event, events_index, xining_team):
    mine = make_event(title="义诊测试", teams=[xining_team])
    make_event(title="别的活动", cancelled=True)
    district = icalendar.Calendar.from_ical(client.get(events_index.url + "feed.ics").content)
    summaries = {str(e["SUMMARY"]): e for e in district.walk("VEVENT")}
    assert {"义诊测试", "别的活动", "红心服务集市"} <= set(summaries)
    assert str(summaries["别的活动"]["STATUS"]) == "CANCELLED"
    assert "RRULE" in summaries["红心服务集市"]
    assert len({str(e["UID"]) for e in district.walk("VEVENT")}) == len(district.walk("VEVENT"))
    team_url = f"{events_index.url}teams/{xining_team.pk}/feed.ics"
    team = icalendar.Calendar.from_ical(client.get(team_url).content)
    titles = {str(e["SUMMARY"]) for e in team.walk("VEVENT")}
    assert "义诊测试" in titles and "别的活动" not in titles
    assert str(team["X-WR-CALNAME"]) == xining_team.name
    assert mine.pk


@pytest.mark.django_db
def test_a_sign_up_gets_an_ics_of_its_own_date(client, make_event):
    event = make_event(repeat="weekly", capacity=5)
    second = event.occurrences(after=timezone.now(), limit=2)[1]
    response = client.post(
        event.url + "signup/",
        {"occurrence": second.key, "name": "钱七", "mobile": "13900000071", "consent": "on"},
    )
    assert response.status_code == 302
    cal = icalendar.Calendar.from_ical(client.get(response["Location"] + "event.ics").content)
    [vevent] = cal.walk("VEVENT")
    assert vevent.decoded("DTSTART") == second.start
    assert "RRULE" not in vevent and "RECURRENCE-ID" in vevent
    assert b"13900000071" not in cal.to_ical()
