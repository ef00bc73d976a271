"""The contact card shows a grid worker's public fields only, in the page and in the API."""

import pytest

from blocks.contacts import ContactCardBlock, public_fields
from districts.models import DistrictHomePage
from snippets.models import Community, GridWorker

MOBILE, ID_NUMBER = "13912345678", "630102198001011234"


@pytest.fixture
def worker(xining):
    community = Community.objects.filter(district=xining).first()
    return GridWorker.objects.create(
        district=xining,
        community=community,
        grid=community.grids.first(),
        name="李红梅",
        mobile=MOBILE,
        id_number=ID_NUMBER,
        role="专职网格员",
        work_phone="0971-8123456",
        work_phone_public=True,
    )


def render(worker, **extra):
    block = ContactCardBlock()
    return block.render(block.to_python({"heading": "我的网格员", "person": worker.pk, "note": "", **extra}))


@pytest.mark.django_db
def test_card_shows_public_fields_and_a_call_button(worker):
    html = render(worker)
    assert "李红梅" in html and "专职网格员" in html and worker.community.name in html
    assert 'href="tel:09718123456"' in html
    assert MOBILE not in html and ID_NUMBER not in html


@pytest.mark.django_db
def test_work_phone_stays_hidden_unless_public(worker):
    worker.work_phone_public = False
    worker.save()
    html = render(worker)
    assert "0971-8123456" not in html and "请到社区党群服务中心联系" in html


@pytest.mark.django_db
def test_a_worker_no_longer_in_post_is_not_shown(worker):
    worker.is_active = False
    worker.save()
    assert render(worker).strip() == ""
    assert public_fields(worker) is None


@pytest.mark.django_db
def test_api_gives_public_fields_only(worker, client):
    home = DistrictHomePage.objects.get(slug="xining")
    home.body = [{"type": "contact", "value": {"heading": "我的网格员", "person": worker.pk, "note": ""}}]
    home.save_revision().publish()
    response = client.get(f"/api/v2/pages/{home.pk}/")
    text = response.content.decode()
    assert MOBILE not in text and ID_NUMBER not in text
    card = next(b for b in response.json()["body"] if b["type"] == "contact")
    assert card["value"]["person"] == {
        "name": "李红梅",
        "role": "专职网格员",
        "community": worker.community.name,
        "grid": worker.grid.name,
        "work_phone": "0971-8123456",
        "photo": None,
    }
    page = client.get("/xining/").content.decode()
    assert "李红梅" in page and MOBILE not in page
