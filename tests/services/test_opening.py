"""Opening statuses for a district's centres at once: centres sharing a schedule share one status,
and every centre's status is the one it has on its own page."""

import datetime as dt

import pytest

from centres import hours
from centres.models import ServiceCentrePage
from centres.opening import district_centres, district_statuses

pytestmark = pytest.mark.django_db

MOMENTS = [
    dt.datetime(2026, 12, 7, 9, 0),  # a Monday morning
    dt.datetime(2026, 12, 7, 12, 30),  # lunch time
    dt.datetime(2026, 12, 12, 10, 0),  # a Saturday
    dt.datetime(2026, 12, 7, 23, 30),  # the night
    dt.datetime(2027, 2, 17, 10, 0),  # 春节
]


@pytest.mark.parametrize("when", MOMENTS, ids=lambda w: w.isoformat())
def test_every_centre_has_the_status_its_own_page_shows(xining_home, open_centre, closed_centre, when):
    listed = district_centres(xining_home)
    assert {c.pk for c in listed} >= {open_centre.pk, closed_centre.pk}
    statuses = district_statuses(xining_home, when)
    for centre in ServiceCentrePage.objects.live().descendant_of(xining_home):
        assert statuses[centre.pk] == hours.status_at(centre, when), centre.title


def test_centres_with_their_own_hours_or_closures_keep_their_own_status(xining_home, open_centre, closed_centre):
    statuses = district_statuses(xining_home, MOMENTS[0])
    assert statuses[open_centre.pk].is_open
    assert not statuses[closed_centre.pk].is_open
