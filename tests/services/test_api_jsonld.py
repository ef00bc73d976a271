"""Guides in the API (public fields only) and as schema.org GovernmentService in the page."""

import json
import re

import pytest

from services.models import ServiceGuidePage

from .conftest import add_guide

PUBLIC_FIELDS = {
    "code",
    "category_name",
    "life_situation_names",
    "audience",
    "conditions",
    "legal_basis",
    "material_list",
    "step_list",
    "legal_time_limit",
    "promised_time_limit",
    "visits_label",
    "fees",
    "place_list",
    "hours",
    "consult_phone",
    "complaint_phone",
    "can_proxy",
    "proxy_kind",
    "proxy_how",
    "online_url",
    "online_name",
    "question_list",
}


@pytest.mark.django_db
def test_api_gives_a_guides_public_fields_only(client, catalogue, category, open_centre):
    page = add_guide(
        catalogue,
        "测试：API 事项",
        category=category,
        centres=[open_centre],
        consult_phone="0971-8123456",
        can_proxy=True,
        proxy_kind="红色代办",
    )
    detail = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert set(detail) - {"id", "meta", "title"} == PUBLIC_FIELDS
    assert detail["category_name"] == "养老服务" and detail["proxy_kind"] == "红色代办"
    assert detail["material_list"][0] == {
        "name": "居民身份证",
        "form": "原件",
        "copies": 1,
        "medium": "纸质",
        "required": True,
        "note": "",
        "sample": None,
    }
    place = detail["place_list"][0]
    assert place["name"] == "全天党群服务站" and place["window"] == "3号窗口 民政"
    # Nothing of the page's editing: owners, revisions, the import batch.
    text = json.dumps(detail, ensure_ascii=False)
    assert "owner" not in text and "import_batch" not in text and "latest_revision" not in text


@pytest.mark.django_db
def test_api_lists_guides_and_the_catalogue(client, catalogue):
    response = client.get("/api/v2/pages/", {"type": "services.ServiceGuidePage", "limit": 20})
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == ServiceGuidePage.objects.live().public().count()
    response = client.get(
        "/api/v2/pages/",
        {"type": "services.ServiceGuidePage", "title": "高龄津贴申领", "fields": "can_proxy,material_list"},
    )
    items = response.json()["items"]
    assert len(items) == 7  # one per district
    assert all(i["can_proxy"] is True and i["material_list"][0]["name"] == "居民身份证" for i in items)
    response = client.get("/api/v2/pages/", {"type": "services.ServiceCatalogPage", "fields": "intro"})
    assert response.json()["meta"]["total_count"] == 7


@pytest.mark.django_db
def test_drafts_stay_out_of_the_api(client, catalogue, category):
    page = add_guide(catalogue, "测试：API 草稿", category=category)
    page.unpublish()
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404


def structured(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    return data.get("@graph", [data])


@pytest.mark.django_db
def test_guide_json_ld_is_a_government_service(client, catalogue, category, open_centre):
    page = add_guide(
        catalogue,
        "测试：JSON-LD 事项",
        category=category,
        centres=[open_centre],
        code="630100-JSONLD",
        consult_phone="0971-8123456",
        online_url="https://zwfw.qinghai.gov.cn/",
        online_name="青海政务服务网",
        audience="本市80周岁以上老人</script><script>alert(1)</script>",
    )
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html
    service = next(item for item in structured(html) if item["@type"] == "GovernmentService")
    assert service["name"] == "测试：JSON-LD 事项" and service["identifier"] == "630100-JSONLD"
    assert service["serviceType"] == "养老服务"
    assert service["provider"] == {
        "@type": "GovernmentOrganization",
        "name": "西宁市",
        "url": catalogue.get_parent().full_url,
        "identifier": "630100",
        "slogan": service["provider"]["slogan"],
        "logo": service["provider"]["logo"],
    }
    assert service["areaServed"]["name"] == "西宁市"
    centre_channel, online = service["availableChannel"]
    assert centre_channel["serviceLocation"]["@type"] == "CivicStructure"
    assert centre_channel["serviceLocation"]["name"] == "全天党群服务站"
    assert centre_channel["serviceLocation"]["address"]["streetAddress"] == "测试路1号"
    assert centre_channel["servicePhone"]["telephone"] == "0971-8123456"
    assert online == {"@type": "ServiceChannel", "name": "青海政务服务网", "serviceUrl": "https://zwfw.qinghai.gov.cn/"}


@pytest.mark.django_db
def test_catalogue_json_ld(client, catalogue):
    items = structured(client.get(catalogue.url).content.decode())
    page = next(item for item in items if item["@type"] == "CollectionPage")
    assert page["publisher"]["@type"] == "GovernmentOrganization"
