"""Which of many centres are open now, from centres.hours (centres.schedules loads every schedule
in a fixed number of queries), for lists that show hundreds of centres: the catalogue, a guide's
places and 15分钟服务圈.

A district's centres and their statuses are remembered (pagecache.shared): the centres while the
district's pages stand, the statuses until the first of them changes (a door opens or closes, or
midnight turns 明天 into 今天).
"""

from dataclasses import dataclass
from decimal import Decimal

from pagecache import shared

from . import hours
from .geo import tel_link
from .models import LEVEL_CHOICES, ServiceCentrePage
from .schedules import attach_schedules

LEVEL_LABELS = dict(LEVEL_CHOICES)


@dataclass
class ListedCentre:
    """What a list shows of a centre, and what its opening status and distance need. A district
    has hundreds of centres; a page object each (Wagtail's and modelcluster's set-up) cost more
    than the rest of the page together."""

    pk: int
    title: str
    district_id: int
    open_on_holidays: bool
    level: str
    community_id: int
    latitude: Decimal
    longitude: Decimal
    address: str
    phone: str
    url_path: str

    FIELDS = (
        *("pk", "title", "district_id", "open_on_holidays", "level", "community_id", "latitude", "longitude"),
        *("address", "phone", "url_path"),
    )

    @property
    def has_position(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def level_label(self):
        return LEVEL_LABELS.get(self.level, "")

    @property
    def tel(self):
        return tel_link(self.phone)

    def url_below(self, index, index_url):
        """Its URL, from the URL of the centre index page (its parent) as the request links to it."""
        return index_url + self.url_path[len(index.url_path) :]


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


def district_centres(home):
    """The live, public centres of the district whose home page is `home`, in tree order
    (ListedCentres: shared between requests, not to be changed)."""
    if home is None:
        return []
    return shared.remember("district centres", lambda: _district_centres(home), url_path=home.url_path)


def _district_centres(home):
    rows = ServiceCentrePage.objects.live().public().descendant_of(home).order_by("path")
    return [ListedCentre(*row) for row in rows.values_list(*ListedCentre.FIELDS)]


def district_statuses(home, when=None):
    """open_now() of district_centres(home); now's is remembered until the first of them changes."""
    if when is not None or home is None:
        return open_now(district_centres(home), when)
    return shared.remember("centre statuses", lambda: open_now(district_centres(home)), url_path=home.url_path)
