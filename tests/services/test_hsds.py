"""The catalogue's open data in Open Referral's HSDS 3.0 shape: required fields, identifiers,
links between tables, both downloads, and nothing personal in them."""

import csv
import io
import json
import uuid
import zipfile

import pytest

from districts.models import DistrictHomePage
from services import hsds
from services.models import ServiceCatalogPage, ServiceGuidePage
from snippets.models import GridWorker

pytestmark = pytest.mark.django_db


@pytest.fixture
def xining_home():
    return DistrictHomePage.objects.get(district__code="630100")


@pytest.fixture
def tables(xining_home):
    return hsds.tables(xining_home, "https://xining.example.cn")


def catalogue_url(code):
    home = DistrictHomePage.objects.get(district__code=code)
    return ServiceCatalogPage.objects.child_of(home).get().url


def test_every_table_meets_the_hsds_required_fields(tables):
    assert hsds.problems(tables) == []
    assert len(tables["services"]) == ServiceGuidePage.objects.live().filter(
        path__startswith=DistrictHomePage.objects.get(district__code="630100").path
    ).count()
    assert tables["locations"] and tables["schedules"] and tables["required_documents"]
    assert {a["country"] for a in tables["addresses"]} == {"CN"}
    assert {a["state_province"] for a in tables["addresses"]} == {"青海省"}


def test_the_validator_finds_what_is_missing(tables):
    broken = {name: [dict(row) for row in rows] for name, rows in tables.items()}
    del broken["services"][0]["status"]
    broken["locations"][0]["location_type"] = "building"
    broken["schedules"][0]["id"] = "not-a-uuid"
    broken["service_at_locations"][0]["location_id"] = str(uuid.uuid4())
    found = hsds.problems(broken)
    assert any("status" in p for p in found)
    assert any("location_type" in p for p in found)
    assert any("UUID" in p for p in found)
    assert any("location_id 指向不存在" in p for p in found)


def test_identifiers_are_stable_between_exports(xining_home, tables):
    again = hsds.tables(xining_home, "https://xining.example.cn")
    assert [s["id"] for s in again["services"]] == [s["id"] for s in tables["services"]]


def test_weekly_hours_become_rrule_like_schedules(tables):
    schedule = tables["schedules"][0]
    assert schedule["freq"] == "WEEKLY"
    assert set(schedule["byday"].split(",")) <= set(hsds.BYDAY)
    assert schedule["opens_at"].endswith("+08:00") and schedule["timezone"] == 8


def test_the_json_download_nests_services_as_hsds_does(client):
    response = client.get(catalogue_url("630100") + "opendata/hsds/json/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["version"] == "3.0"
    service = next(s for s in data["services"] if s["service_at_locations"])
    assert service["organization"]["name"] == "西宁市"
    location = service["service_at_locations"][0]["location"]
    assert location["addresses"] and location["location_type"] == "physical"
    assert all(doc["document"] for doc in service["required_documents"])


def test_the_zip_download_is_a_tabular_data_package(client):
    response = client.get(catalogue_url("620981") + "opendata/hsds/zip/")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    package = json.loads(archive.read("datapackage.json"))
    names = {r["name"] for r in package["resources"]}
    assert {"organizations", "services", "locations", "schedules", "required_documents"} <= names
    rows = list(csv.DictReader(io.StringIO(archive.read("services.csv").decode("utf-8-sig"))))
    assert rows and all(row["id"] and row["name"] and row["status"] == "active" for row in rows)
    for resource in package["resources"]:
        header = next(csv.reader(io.StringIO(archive.read(resource["path"]).decode("utf-8-sig"))))
        assert set(hsds.REQUIRED[resource["name"]]) <= set(header)


def test_open_data_holds_no_personal_data(client):
    mobiles = list(GridWorker.objects.filter(district__code="630100").values_list("mobile", flat=True)[:50])
    body = client.get(catalogue_url("630100") + "opendata/hsds/json/").content.decode()
    body += client.get(catalogue_url("630100") + "opendata/hsds/zip/").content.decode("latin-1")
    assert mobiles and not any(m and m in body for m in mobiles)


def test_only_the_districts_own_services_are_exported(tables):
    yumen = DistrictHomePage.objects.get(district__code="620981")
    yumen_titles = set(ServiceGuidePage.objects.descendant_of(yumen).values_list("pk", flat=True))
    exported = {s["id"] for s in tables["services"]}
    assert not exported & {hsds.hsds_id("service", pk) for pk in yumen_titles}
