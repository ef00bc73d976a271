"""Wagtail API v2: live, public pages and their public fields only."""

import pytest
from wagtail.models import PageViewRestriction

from publishing.models import BrandPage


def titles(response):
    return {item["title"] for item in response.json()["items"]}


@pytest.mark.django_db
def test_pages_endpoint_lists_live_public_pages_with_their_fields(client):
    response = client.get("/api/v2/pages/", {"type": "publishing.BrandPage", "fields": "*", "limit": 20})
    assert response.status_code == 200
    items = response.json()["items"]
    assert {"夏都枢纽党建联盟", "红心服务集市"} <= {i["title"] for i in items}
    brand = next(i for i in items if i["title"] == "红色物业")
    assert brand["summary"] and brand["body"][0]["type"] == "rich_text"
    assert brand["meta"]["html_url"] == "http://localhost/xining/red-property/"


@pytest.mark.django_db
def test_drafts_and_private_pages_stay_out_of_the_api(client):
    draft = BrandPage.objects.get(slug="red-heart-market")
    draft.unpublish()
    private = BrandPage.objects.get(slug="red-station")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    found = titles(client.get("/api/v2/pages/", {"type": "publishing.BrandPage", "limit": 20}))
    assert "红心服务集市" not in found and "红色驿站" not in found
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404


@pytest.mark.django_db
def test_district_info_has_public_fields_only(client):
    response = client.get("/api/v2/pages/", {"type": "districts.DistrictHomePage", "fields": "district_info"})
    info = response.json()["items"][0]["district_info"]
    assert set(info) == {"name", "short_name", "code", "level", "slogan", "emblem", "colours"}


@pytest.mark.django_db
def test_images_endpoint(client):
    response = client.get("/api/v2/images/")
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] >= 7
