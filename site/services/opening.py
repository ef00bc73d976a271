"""Which of the district's centres are open now, from centres.hours, for many centres at once
(centres.schedules loads every schedule in a fixed number of queries)."""

from dataclasses import dataclass

from centres import hours
from centres.models import ServiceCentrePage
from centres.schedules import attach_schedules


@dataclass
class ListedCentre:
    """What the catalogue shows of a centre and what its opening status needs. A district has
    hundreds of centres; a page object each (Wagtail's and modelcluster's set-up) cost more than
    the rest of the catalogue page together."""

    pk: int
    title: str
    district_id: int
    open_on_holidays: bool


def centres_of(home):
    """The live, public centres of the district whose home page is `home`, in tree order."""
    if home is None:
        return []
    centres = ServiceCentrePage.objects.live().public().descendant_of(home).order_by("path")
    return [ListedCentre(*row) for row in centres.values_list("pk", "title", "district_id", "open_on_holidays")]


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


def place_statuses(places, when=None):
    """Give each place row its centre's `status` (None for a place without a centre)."""
    centres = list({p.centre.pk: p.centre for p in places if p.centre_id}.values())
    statuses = open_now(centres, when) if centres else {}
    for place in places:
        place.status = statuses.get(place.centre_id)
    return places
