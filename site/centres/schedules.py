"""Loading the hours.Schedule of many centres at once: six queries however many centres there are
(their own hours and closures, and their districts' calendars with hours, holidays and make-up days)."""

from collections import defaultdict

from . import hours


def _prefetched(centre, name):
    cache = getattr(centre, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else None


def attach_schedules(centres):
    """Give every centre its `_schedule`; returns the centres."""
    from .models import CentreClosure, CentreHours, DistrictCalendar

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

    calendars = defaultdict(dict)
    district_ids = {c.district_id for c in centres if c.district_id}
    rows = DistrictCalendar.objects.filter(district_id__in=district_ids).prefetch_related(
        "hours", "holidays", "workdays"
    )
    for calendar in rows:
        calendars[calendar.district_id][calendar.year] = calendar.as_calendar()

    for c in centres:
        c._schedule = hours.Schedule(
            calendars=calendars.get(c.district_id, {}),
            own_weekly=tuple(row.as_range() for row in own_hours[c.pk]),
            closures=tuple(row.as_closure() for row in own_closures[c.pk]),
            open_on_holidays=c.open_on_holidays,
        )
    return centres
