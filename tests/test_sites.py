"""A district works as a section under the portal (/xining/) and as its own Site (own host name)."""

import pytest
from wagtail.models import Site

from districts.models import DistrictHomePage, PortalHomePage, district_for_page


@pytest.mark.django_db
def test_portal_lists_every_district(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for home in DistrictHomePage.objects.select_related("district"):
        assert home.district.name in html
        assert f'href="/{home.slug}/"' in html


@pytest.mark.django_db
def test_district_as_a_section_of_the_portal(client, xining):
    response = client.get("/xining/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "共创现代美丽幸福大西宁" in html
    assert "--brand: #b5121b" in html
    assert "组建小区党支部" in html and "556" in html
    assert 'href="/xining/"' in html  # the brand link stays inside the portal


@pytest.mark.django_db
def test_district_as_its_own_site(client, yumen):
    home = DistrictHomePage.objects.get(district=yumen)
    Site.objects.create(hostname="yumen.test", port=80, root_page=home, site_name="玉门市")
    response = client.get("/", HTTP_HOST="yumen.test")
    assert response.status_code == 200
    html = response.content.decode()
    assert "人在网中行、事在格中了" in html
    assert "--brand: #9c1c1c" in html
    assert 'class="brand" href="/"' in html  # links are relative to the district's own host
    assert client.get("/xining/", HTTP_HOST="yumen.test").status_code == 404
    # The portal still serves the same page as a section.
    assert client.get("/yumen/").status_code == 200


@pytest.mark.django_db
def test_district_is_found_from_any_descendant(xining):
    home = DistrictHomePage.objects.get(district=xining)
    child = PortalHomePage(title="子页面", slug="child")  # any page type works for the lookup
    home.add_child(instance=child)
    assert district_for_page(child) == xining
    assert district_for_page(home) == xining
    assert district_for_page(PortalHomePage.objects.first()) is None


@pytest.mark.django_db
def test_unknown_page_gets_a_friendly_chinese_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面找不到了" in response.content.decode()
