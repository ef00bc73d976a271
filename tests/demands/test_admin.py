"""The records listing in the admin: district-scoped, filterable; content for staff only."""

import pytest
from django.urls import reverse

from demands.models import DemandRecord


def url(view, *args):
    return reverse(f"wagtailsnippets_demands_demandrecord:{view}", args=args)


@pytest.fixture
def xining_admin(client, make_user):
    user = make_user("630100", "data_admin")
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_listing_is_scoped_and_filters(client, xining_admin, xining, yumen):
    response = client.get(url("list"))
    assert response.status_code == 200
    html = response.content.decode()
    own = DemandRecord.objects.filter(district=xining).order_by("-received_at", "-pk").first()
    other = DemandRecord.objects.filter(district=yumen).first()
    assert own.ticket in html and other.ticket not in html
    for query in (
        "stage=已办结",
        "overdue=yes",
        "overdue=no",
        f"month={own.month.isoformat()}",
        f"category={own.category_id}",
        f"community={own.community_id}",
    ):
        assert client.get(url("list") + "?" + query).status_code == 200, query
    open_ticket = DemandRecord.objects.filter(district=xining, stage="已派单").first()
    if open_ticket:
        assert open_ticket.ticket in client.get(url("list") + "?stage=已派单").content.decode()
    assert client.get(url("edit", other.pk)).status_code in (403, 404)
    inspect = client.get(url("inspect", own.pk)).content.decode()
    assert own.content in inspect


@pytest.mark.django_db
def test_editors_do_not_see_records(client, make_user):
    client.force_login(make_user("630100", "editor"))
    assert client.get(url("list")).status_code in (302, 403)


@pytest.mark.django_db
def test_a_record_saved_or_deleted_in_the_admin_updates_its_summaries(xining):
    from demands.figures import figures, public_summaries

    record = DemandRecord.objects.filter(district=xining, stage="已派单").first()
    scope = public_summaries(xining).filter(month=record.month, community=record.community_id)
    before = figures(scope)
    record.stage, record.accepted_at = "已接单", record.dispatched_at
    record.save()
    after = figures(scope)
    assert after.received == before.received
    assert after.raw["open_dispatched"] == before.raw["open_dispatched"] - 1
    record.delete()
    assert figures(scope).received == before.received - 1
