"""The rules opening hours and calendars must keep, each broken rule a Chinese sentence naming the problem.

Used by the models' clean() (anything saved in code) and by the admin forms (rows of inline
panels, which a model cannot see before they are saved), so both refuse the same input.
"""

import datetime as dt
import itertools
import re

from .hours import DAY, WEEKDAYS, Range

MAX_HOLIDAY_DAYS = 60
DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def date_text_error(text):
    """Why a typed date such as 2026-02-30 is not a date, in Chinese; None when it is one."""
    match = DATE_TEXT.match(text or "")
    if not match:
        return f"“{(text or '')[:20]}”不是日期，请按 2026-02-15 的格式填写。"
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return f"“{text.strip()}”不是有效日期：没有{month}月。"
    try:
        dt.date(year, month, day)
    except ValueError:
        return f"“{text.strip()}”不是有效日期：{year}年{month}月没有{day}日。"
    return None


def range_label(rng):
    return f"{WEEKDAYS[rng.weekday]} {rng.text}"


def range_errors(ranges):
    """Errors of a week of Ranges: inverted, empty, too long, overlapping (also across midnight)."""
    errors = []
    good = []
    for rng in ranges:
        if rng.opens is None or rng.closes is None or rng.weekday is None:
            continue
        if not 0 <= rng.weekday <= 6:
            errors.append("星期须是周一至周日之一。")
        elif rng.next_day and rng.end - DAY > rng.start:
            errors.append(f"{range_label(rng)}：跨夜时段的结束时间须不晚于开始时间（一个时段最长24小时）。")
        elif not rng.next_day and rng.end == rng.start:
            errors.append(f"{WEEKDAYS[rng.weekday]} {rng.opens:%H:%M}：开始和结束时间相同。")
        elif not rng.next_day and rng.end < rng.start:
            errors.append(
                f"{WEEKDAYS[rng.weekday]} {rng.opens:%H:%M}–{rng.closes:%H:%M}：结束时间早于开始时间。"
                "如果这个时段跨过午夜，请勾选“次日结束”。"
            )
        else:
            good.append(rng)
    # On a week's circle of minutes: Sunday's overnight range runs into Monday.
    week = DAY * 7
    spans = sorted((r.weekday * DAY + r.start, r.weekday * DAY + r.end, r) for r in good)
    spans += [(s - week, e - week, r) for s, e, r in spans if e > week]
    spans.sort(key=lambda span: span[0])
    reported, latest = set(), None  # latest: the span reaching furthest so far
    for span in spans:
        if latest is not None and span[0] < latest[1] and (latest[2], span[2]) not in reported:
            reported.add((latest[2], span[2]))
            errors.append(f"{range_label(latest[2])} 与 {range_label(span[2])} 时间重叠，请合并或调整。")
        if latest is None or span[1] > latest[1]:
            latest = span
    return errors


def closure_errors(closures, year=None, what="假期"):
    """Errors of holiday or closure date ranges: reversed, too long, outside the year, overlapping."""
    errors = []
    good = []
    for closure in closures:
        if closure.start is None or closure.end is None:
            continue
        name = f"{what}“{closure.name}”" if closure.name else what
        if closure.end < closure.start:
            errors.append(f"{name}的结束日期（{closure.end}）早于开始日期（{closure.start}）。")
            continue
        if (closure.end - closure.start).days + 1 > MAX_HOLIDAY_DAYS:
            days = (closure.end - closure.start).days + 1
            errors.append(f"{name}长达{days}天，超过{MAX_HOLIDAY_DAYS}天，请检查日期。")
            continue
        if year is not None and closure.start.year != year and closure.end.year != year:
            errors.append(f"{name}（{closure.start}至{closure.end}）不在{year}年内。")
            continue
        good.append(closure)
    good.sort(key=lambda c: c.start)
    for first, second in itertools.pairwise(good):
        if second.start <= first.end:
            errors.append(f"{what}“{first.name}”与“{second.name}”的日期重叠。")
    return errors


def workday_errors(workdays, holidays, year=None):
    """Errors of 调休 make-up days (date, weekday that applies, name): on a weekend, not in a
    holiday, inside the year, following a weekday's hours, each date once."""
    errors = []
    seen = set()
    for day, weekday, _name in workdays:
        if day is None:
            continue
        label = f"调休上班日 {day}（{WEEKDAYS[day.weekday()]}）"
        if day in seen:
            errors.append(f"{label}填写了两次。")
        seen.add(day)
        if day.weekday() < 5:
            errors.append(f"{label}不是周末：调休上班日须是周六或周日。")
        if weekday is not None and not 0 <= weekday <= 4:
            errors.append(f"{label}须按周一至周五中某一天的时间上班。")
        if year is not None and day.year != year:
            errors.append(f"{label}不在{year}年内。")
        for holiday in holidays:
            if holiday.start and holiday.end and holiday.start <= day <= holiday.end:
                errors.append(f"{label}落在假期“{holiday.name}”之内。")
    return errors


def as_range(row):
    """A Range from a model row or form's cleaned data (anything with the range's attributes)."""
    get = row.get if isinstance(row, dict) else lambda name, default=None: getattr(row, name, default)
    return Range(
        weekday=get("weekday"),
        opens=get("opens"),
        closes=get("closes"),
        kind=get("kind") or "regular",
        next_day=bool(get("next_day")),
    )
