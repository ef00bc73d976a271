"""The events index (list, month calendar, filters, past events), event pages, team pages,
JSON-LD, the API, and bad input in the page editor."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventIndexPage, EventPage
from snippets.models import Volunteer


@pytest.mark.django_db
def test_index_lists_upcoming_and_past_events_with_reports(client, make_event, events_index):
    make_event(title="下周的义诊", days=7)
    past = make_event(
        title="上个月的普法", days=-30, category="普法", report_served=88, report_account="解答问题20个。"
    )
    page = client.get(events_index.url).content.decode()
    upcoming, past_part = page.split('id="past-heading"')
    assert "下周的义诊" in upcoming and "上个月的普法" not in upcoming
    assert "上个月的普法" in past_part and "服务88人" in past_part and "已结束" in past_part
    filtered = client.get(events_index.url, {"category": "普法"}).content.decode()
    assert "上个月的普法" in filtered and "下周的义诊" not in filtered
    assert past.status == "已结束"


@pytest.mark.django_db
def test_month_calendar_and_filters_work_without_javascript(client, make_event, events_index, xining_team):
    event = make_event(title="月历里的活动", days=2, teams=[xining_team])
    month = timezone.localtime(event.start).strftime("%Y-%m")
    page = client.get(events_index.url, {"view": "calendar", "month": month}).content.decode()
    assert '<table class="month-calendar">' in page and "月历里的活动" in page
    other = client.get(events_index.url, {"view": "calendar", "month": month, "team": "999999"})
    assert other.status_code == 200
    by_team = client.get(events_index.url, {"view": "calendar", "month": month, "team": xining_team.pk})
    assert "月历里的活动" in by_team.content.decode()
    assert client.get(events_index.url, {"view": "calendar", "month": "garbage"}).status_code == 200
    assert client.get(events_index.url, {"page": "999"}).status_code == 200
    assert "<script" not in page.split("<body", 1)[1] or "wagtail" in page


@pytest.mark.django_db
def test_team_page_shows_total_hours_and_events(client, make_event, events_index, xining_team):
    make_event(title="队伍的活动", teams=[xining_team])
    total = sum(v.hours for v in Volunteer.objects.filter(team=xining_team))
    assert total > 0
    page = client.get(f"{events_index.url}teams/{xining_team.pk}/").content.decode()
    assert xining_team.name in page and "队伍的活动" in page
    assert f"<strong>{total:.1f}</strong> 小时" in page
    for mobile in Volunteer.objects.filter(team=xining_team).values_list("mobile", flat=True):
        assert mobile not in page
    assert client.get(f"{events_index.url}teams/999999/").status_code == 404


@pytest.mark.django_db
def test_event_page_json_ld_and_api(client, make_event, xining_team):
    event = make_event(title="应急演练", category="应急", teams=[xining_team], capacity=20)
    page = client.get(event.url).content.decode()
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
    found = [
        item
        for block in blocks
        for item in (block.get("@graph", [block]) if isinstance(block, dict) else block)
        if item.get("@type") == "Event"
    ]
    assert found, blocks
    data = found[0]
    assert data["name"] == "应急演练" and data["location"]["name"] == "文化街社区党群服务中心"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["organizer"][0]["name"] == xining_team.name
    api = client.get(f"/api/v2/pages/{event.pk}/").json()
    assert api["category"] == "应急" and api["status"] == "招募中" and api["capacity"] == 20
    assert api["team_names"] == [xining_team.name]
    listing = client.get("/api/v2/pages/", {"type": "events.EventPage", "fields": "start,status"}).json()
    assert listing["meta"]["total_count"] >= 1


def event_form(**changes):
    start = timezone.localtime() + dt.timedelta(days=5)
    fields = {
        "title": "表单里的活动",
        "slug": "form-event",
        "category": "义诊",
        "audience": "all",
        "summary": "摘要",
        "start": start.strftime("%Y-%m-%d %H:%M"),
        "end": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "repeat": "",
        "repeat_until": "",
        "exceptions": inline_formset([]),
        "location_name": "社区党群服务中心",
        "address": "",
        "community": "",
        "location_page": "",
        "capacity": "10",
        "points": "2",
        "signup_deadline": "",
        "body": streamfield([]),
        "report_served": "",
        "report_account": "",
        "report_photos": streamfield([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
    }
    fields.update(changes)
    return nested_form_data(fields)


@pytest.mark.django_db
def test_a_valid_event_is_saved_from_the_admin(client, superuser, events_index):
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", events_index.pk))
    response = client.post(url, event_form())
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert EventPage.objects.filter(slug="form-event").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("end", "start-1h", "结束时间必须晚于开始时间"),
        ("capacity", "-1", "名额不能小于0"),
        ("signup_deadline", "start+1h", "报名截止时间不能晚于活动开始时间"),
    ],
)
def test_bad_event_input_is_refused_in_chinese(client, superuser, events_index, field, value, message):
    client.force_login(superuser)
    start = timezone.localtime() + dt.timedelta(days=5)
    values = {"start-1h": start - dt.timedelta(hours=1), "start+1h": start + dt.timedelta(hours=1)}
    if value in values:
        value = values[value].strftime("%Y-%m-%d %H:%M")
    data = event_form(**{field: value, "start": start.strftime("%Y-%m-%d %H:%M")})
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", events_index.pk))
    response = client.post(url, data)
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors.get(field, []))
    assert message in errors
    assert not EventPage.objects.filter(slug="form-event").exists()


@pytest.mark.django_db
def test_every_district_has_demo_events():
    indexes = list(EventIndexPage.objects.live())
    assert len(indexes) == 7
    for index in indexes:
        events = EventPage.objects.child_of(index).live()
        assert events.count() >= 6
        now = timezone.now()
        occurrences = [o for e in events for o in e.occurrences(after=now - dt.timedelta(days=365), before=now)]
        assert len(occurrences) >= 24, index
        assert any(e.repeats for e in events) and any(e.cancelled for e in events)
        assert any(e.report_account for e in events)
        assert all(e.teams.exists() for e in events)
