"""What a centre's page shows beside its own fields: the status now, today's and the coming week's
hours, the usual week, upcoming closures, and the service guides offered at each window
(when the services app links guides to centres: ServicePlace.centre, related name service_places)."""

import datetime as dt

from django.utils.functional import cached_property

from . import hours


class CentreView:
    def __init__(self, centre, when=None):
        self.centre = centre
        self.now = hours.local(when)
        self.schedule = centre.schedule()

    @cached_property
    def status(self):
        return hours.status_at(self.schedule, self.now)

    @cached_property
    def week(self):
        return hours.week_ahead(self.schedule, self.now)

    @property
    def today(self):
        return self.week[0]

    @cached_property
    def usual_week(self):
        return hours.usual_week(self.schedule.weekly_for(self.now.date()))

    @cached_property
    def has_appointment_hours(self):
        return any(r.kind == hours.APPOINTMENT for r in self.schedule.weekly_for(self.now.date()))

    @cached_property
    def upcoming_closures(self):
        """Closures (holidays and the centre's own) that end within the next 60 days."""
        today, horizon = self.now.date(), self.now.date() + dt.timedelta(days=60)
        found = {}
        closures = list(self.schedule.closures)
        if not self.schedule.open_on_holidays:
            for calendar in self.schedule.calendars.values():
                closures += calendar.holidays
        for closure in closures:
            if closure.end >= today and closure.start <= horizon:
                found[(closure.start, closure.end, closure.name)] = closure
        return sorted(found.values(), key=lambda c: c.start)

    @cached_property
    def windows(self):
        """[(window, [guide])]: each window with the live guides offered there; guides offered at
        the centre without a window come last under None. One query for all guides."""
        windows = list(self.centre.windows.all())
        by_window = {w.pk: [] for w in windows}
        other = []
        for place in self._places():
            guide = place.page
            target = by_window.get(place.window_id, other)
            if guide not in target:
                target.append(guide)
        rows = [(w, by_window[w.pk]) for w in windows]
        if other:
            rows.append((None, other))
        return rows

    def _places(self):
        places = getattr(self.centre, "service_places", None)
        if places is None:
            return []
        return (
            places.filter(page__live=True, page__view_restrictions__isnull=True)
            .select_related("page")
            .only("window_id", "page", "page__title", "page__url_path", "page__path", "page__depth", "page__can_proxy")
            .order_by("page__path")
        )
