"""Service guides and volunteer events in the page-list block, and the home page's shortcut."""

import pytest
from django.core.exceptions import ValidationError

from blocks.listings import PageListBlock
from districts.models import DistrictHomePage
from events.models import EventPage
from services.models import ServiceCatalogPage, ServiceGuidePage


def rendered(block, value, home):
    return block.render(block.to_python(value), context={"district_home": home})


@pytest.mark.django_db
@pytest.mark.parametrize(("page_type", "model"), [("service", ServiceGuidePage), ("event", EventPage)])
def test_page_list_of_services_and_events(page_type, model):
    home = DistrictHomePage.objects.get(slug="xining")
    block = PageListBlock()
    value = {"heading": "列表", "page_type": page_type, "mode": "auto", "count": 4, "pages": [], "style": "cards"}
    html = rendered(block, value, home)
    latest = model.listing_queryset().descendant_of(home)[:4]
    assert len(latest) == 4
    for page in latest:
        assert page.title in html
    other = model.objects.live().descendant_of(DistrictHomePage.objects.get(slug="yumen")).first()
    assert other.url not in html


@pytest.mark.django_db
def test_chosen_services_must_be_services():
    block = PageListBlock()
    event = EventPage.objects.live().first()
    guide = ServiceGuidePage.objects.live().get(slug="gaoling-jintie", path__startswith=event.path[:12])
    value = {"heading": "常办事项", "page_type": "service", "mode": "chosen", "count": 3, "style": "list"}
    with pytest.raises(ValidationError):
        block.clean(block.to_python({**value, "pages": [event.pk]}))
    cleaned = block.clean(block.to_python({**value, "pages": [guide.pk]}))
    html = block.render(cleaned, context={})
    assert "高龄津贴申领" in html and "可代办" in html


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["xining", "yumen", "dadong"])
def test_district_home_links_to_the_catalogue(client, slug):
    home = DistrictHomePage.objects.get(slug=slug)
    catalogue = ServiceCatalogPage.objects.child_of(home).get()
    html = client.get(home.url).content.decode()
    assert f'href="{catalogue.url}"' in html
