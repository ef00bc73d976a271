"""Loading the hours.Schedule of many centres at once: six queries however many centres there are
(their own hours and closures, and their districts' calendars with hours, holidays and make-up
days, which a district's pages remember: then two)."""

from collections import defaultdict

from pagecache import shared
from pagecache.invalidate import district_scope

from . import hours


def _prefetched(centre, name):
    cache = getattr(centre, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else None


def load_calendars(district_ids):
    """{district id: {year: hours.Calendar}} of the districts' calendars (four queries)."""
    from .models import DistrictCalendar

    calendars = defaultdict(dict)
    rows = DistrictCalendar.objects.filter(district_id__in=district_ids)
    for calendar in rows.prefetch_related("hours", "holidays", "workdays"):
        calendars[calendar.district_id][calendar.year] = calendar.as_calendar()
    return calendars


def district_calendars(district_ids):
    """load_calendars(); one district's are remembered while its pages stand (pagecache.shared),
    which is what a district's pages ask for."""
    if len(district_ids) != 1:
        return load_calendars(district_ids)
    (pk,) = district_ids
    calendars = shared.remember("district calendars", lambda: load_calendars([pk])[pk], scope=district_scope(pk))
    return {pk: calendars}


def attach_schedules(centres):
    """Give every centre its `_schedule`; returns the centres."""
    from .models import CentreClosure, CentreHours

    centres = list(centres)
    if not centres:
        return centres
    ids = [c.pk for c in centres]
    own_hours, own_closures = defaultdict(list), defaultdict(list)
    if any(_prefetched(c, "hours") is None for c in centres):
        for row in CentreHours.objects.filter(centre_id__in=ids):
            own_hours[row.centre_id].append(row)
    else:
        for c in centres:
            own_hours[c.pk] = _prefetched(c, "hours")
    if any(_prefetched(c, "closures") is None for c in centres):
        for row in CentreClosure.objects.filter(centre_id__in=ids):
            own_closures[row.centre_id].append(row)
    else:
        for c in centres:
            own_closures[c.pk] = _prefetched(c, "closures")

    calendars = district_calendars({c.district_id for c in centres if c.district_id})
    for c in centres:
        c._schedule = hours.Schedule(
            calendars=calendars.get(c.district_id, {}),
            own_weekly=tuple(row.as_range() for row in own_hours[c.pk]),
            closures=tuple(row.as_closure() for row in own_closures[c.pk]),
            open_on_holidays=c.open_on_holidays,
        )
    return centres
