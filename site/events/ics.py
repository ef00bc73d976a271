"""Calendar files (RFC 5545): one event, a district's events, a team's events.

Built with the `icalendar` library: repeating events carry their RRULE and EXDATEs, times are
in Asia/Shanghai with its VTIMEZONE, cancelled events say STATUS:CANCELLED. Only public
fields go in; sign-ups and mobile numbers never do.
"""

import datetime as dt

import icalendar
from django.http import HttpResponse
from django.utils import timezone

from . import recurrence

PRODID = "-//党建引领基层治理//志愿活动//ZH"


def calendar(name, events, request, occurrence=None):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    for event in events:
        cal.add_component(vevent(event, request, occurrence if occurrence and occurrence.event == event else None))
    cal.add_missing_timezones()
    return cal


def vevent(event, request, occurrence=None):
    """The event as a VEVENT: the whole series, or one occurrence of it (a resident's sign-up)."""
    start = timezone.localtime(event.start)
    item = icalendar.Event()
    host = request.get_host().split(":")[0] if request else "localhost"
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("dtstamp", timezone.now().astimezone(dt.UTC))
    item.add("summary", event.title)
    if occurrence is not None:
        item.add("dtstart", timezone.localtime(occurrence.start))
        item.add("dtend", timezone.localtime(occurrence.end))
        if event.repeats:
            item.add("recurrence-id", timezone.localtime(occurrence.start))
    else:
        item.add("dtstart", start)
        item.add("dtend", timezone.localtime(event.end))
        rule = recurrence.ical_rule(event.repeat, start, event.repeat_until)
        if rule:
            item.add("rrule", rule)
            for day in sorted(event.exception_dates):
                item.add("exdate", dt.datetime.combine(day, start.timetz()))
    location = "，".join(part for part in (event.location_name, event.address) if part)
    if location:
        item.add("location", location)
    item.add("description", event.summary)
    item.add("categories", [event.category])
    item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    if request is not None:
        item.add("url", event.get_full_url(request))
    if event.last_published_at:
        item.add("last-modified", event.last_published_at.astimezone(dt.UTC))
    return item


def response(cal, filename):
    reply = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    reply["Content-Disposition"] = f'attachment; filename="{filename}"'
    return reply
