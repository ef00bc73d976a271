"""Which of many centres are open now, from centres.hours (centres.schedules loads every schedule
in a fixed number of queries), for lists that show hundreds of centres: the catalogue and 15分钟服务圈."""

from dataclasses import dataclass

from . import hours
from .schedules import attach_schedules


@dataclass
class ListedCentre:
    """What a list shows of a centre and what its opening status needs. A district has hundreds of
    centres; a page object each (Wagtail's and modelcluster's set-up) cost more than the rest of the
    page together."""

    pk: int
    title: str
    district_id: int
    open_on_holidays: bool

    FIELDS = ("pk", "title", "district_id", "open_on_holidays")


def open_now(centres, when=None):
    """{centre id: hours.Status} at `when` (default now). Centres with the same schedule (most
    follow their district's calendar) share one status, worked out once."""
    attach_schedules(centres)
    now = hours.local(when)
    by_schedule, statuses = {}, {}
    for centre in centres:
        schedule = centre._schedule
        key = (id(schedule.calendars), schedule.own_weekly, schedule.closures, schedule.open_on_holidays)
        if key not in by_schedule:
            by_schedule[key] = hours.status_at(schedule, now)
        statuses[centre.pk] = by_schedule[key]
    return statuses
