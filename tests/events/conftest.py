"""Events under 西宁市's events section, made for a test."""

import datetime as dt

import pytest
from django.utils import timezone

from districts.models import DistrictHomePage
from events.models import EventIndexPage, EventPage
from snippets.models import VolunteerTeam


@pytest.fixture
def events_index(db):
    home = DistrictHomePage.objects.get(district__code="630100")
    return EventIndexPage.objects.child_of(home).get()


@pytest.fixture
def make_event(events_index):
    counter = iter(range(1, 1000))

    def make(days=3, hours=2, capacity=10, **fields):
        start = timezone.localtime() + dt.timedelta(days=days)
        start = start.replace(minute=0, second=0, microsecond=0)
        number = next(counter)
        teams = fields.pop("teams", None)
        page = EventPage(
            title=fields.pop("title", f"测试活动{number}"),
            slug=f"test-event-{number}",
            category=fields.pop("category", "义诊"),
            start=start,
            end=start + dt.timedelta(hours=hours),
            location_name="文化街社区党群服务中心",
            address="碾伯街道文化街1号",
            capacity=capacity,
            summary="测试用的活动。",
            **fields,
        )
        events_index.add_child(instance=page)
        if teams:
            page.teams = teams
        page.save_revision().publish()
        return EventPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def xining_team(db):
    return VolunteerTeam.objects.filter(district__code="630100", name="红色义诊志愿服务队").get()
