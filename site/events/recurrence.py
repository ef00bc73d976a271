"""Occurrences of an event: once, weekly, or monthly on the nth weekday (每月第一个周六), minus exception dates."""

import datetime as dt

from dateutil import rrule

ONCE, WEEKLY, MONTHLY = "", "weekly", "monthly"
REPEAT_CHOICES = [(ONCE, "不重复"), (WEEKLY, "每周同一天"), (MONTHLY, "每月第几个星期几（按开始日期）")]
WEEKDAYS = "一二三四五六日"
ORDINALS = {1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", -1: "最后一个"}
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def nth_weekday(day):
    """(n, weekday) of a date in its month: the 5th of a weekday counts as the last one."""
    n = (day.day - 1) // 7 + 1
    return (-1 if n == 5 else n), day.weekday()


def describe(repeat, start, until=None):
    """The rule in words, e.g. 每月第一个星期六."""
    if repeat == WEEKLY:
        text = f"每周星期{WEEKDAYS[start.weekday()]}"
    elif repeat == MONTHLY:
        n, weekday = nth_weekday(start)
        text = f"每月{ORDINALS[n]}星期{WEEKDAYS[weekday]}"
    else:
        return ""
    if until:
        text += f"，至{until.year}年{until.month}月{until.day}日"
    return text


def rule(repeat, start, until=None):
    """A dateutil rrule of the starts, or None for a one-off event. `start` is an aware datetime."""
    if repeat not in (WEEKLY, MONTHLY):
        return None
    until_dt = None
    if until:
        until_dt = dt.datetime.combine(until, dt.time(23, 59, 59), tzinfo=start.tzinfo)
    if repeat == WEEKLY:
        return rrule.rrule(rrule.WEEKLY, dtstart=start, until=until_dt)
    n, weekday = nth_weekday(start)
    return rrule.rrule(rrule.MONTHLY, dtstart=start, until=until_dt, byweekday=rrule.weekday(weekday, n))


def ical_rule(repeat, start, until=None):
    """The RRULE value as icalendar wants it (a dict), or None."""
    if repeat == WEEKLY:
        value = {"FREQ": "WEEKLY"}
    elif repeat == MONTHLY:
        n, weekday = nth_weekday(start)
        value = {"FREQ": "MONTHLY", "BYDAY": f"{n}{ICAL_DAYS[weekday]}"}
    else:
        return None
    if until:
        # RFC 5545: with a zoned DTSTART, UNTIL is given in UTC.
        end_of_day = dt.datetime.combine(until, dt.time(23, 59, 59), tzinfo=start.tzinfo)
        value["UNTIL"] = end_of_day.astimezone(dt.UTC)
    return value


def starts(repeat, start, until=None, exceptions=(), after=None, before=None, limit=None):
    """Start datetimes of the occurrences in [after, before), exception dates left out."""
    exceptions = set(exceptions)
    the_rule = rule(repeat, start, until)
    candidates = [start] if the_rule is None else iter(the_rule)
    found = []
    for moment in candidates:
        if before and moment >= before:
            break
        if after and moment < after:
            continue
        if moment.date() in exceptions:
            continue
        found.append(moment)
        if limit and len(found) >= limit:
            break
    return found
