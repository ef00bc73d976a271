"""A resident on a phone finds 高龄津贴 in the catalogue: the papers to bring, whether it can be
done by proxy, and an open centre that offers it. No JavaScript is needed by the pages."""

from decimal import Decimal

import pytest

from centres.models import ServiceCentrePage
from services.models import ServiceGuidePage, ServicePlace
from tests.services.conftest import make_centre

pytestmark = pytest.mark.django_db(transaction=True)


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def open_centre_offering_jintie():
    """A centre open around the clock (so the test does not depend on the hour it runs at) that
    offers 高龄津贴申领 at its 民政 window, fifty metres from a community's centre
    that does not offer it."""
    guide = ServiceGuidePage.objects.get(slug="gaoling-jintie", url_path__startswith="/home/xining/")
    home = guide.get_parent().get_parent()
    near = (
        ServiceCentrePage.objects.descendant_of(home)
        .filter(level="community", community__isnull=False, latitude__isnull=False)
        .exclude(pk__in=[p.centre_id for p in guide.places.all()])  # a community whose centre does not offer it
        .select_related("community")
        .order_by("path")
        .first()
    )
    centre = make_centre(
        home,
        "城中区全天党群服务站",
        latitude=near.latitude + Decimal("0.0005"),
        longitude=near.longitude,
    )
    centre.community_name_for_test = near.community.name
    guide.places.add(ServicePlace(centre=centre, window=centre.windows.first(), hours="全天"))
    guide.save_revision().publish()
    return centre


def test_resident_finds_gaoling_jintie_on_a_phone(site_url, mobile_page, screenshot):
    centre = open_centre_offering_jintie()
    page = mobile_page
    page.goto(f"{site_url}/xining/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="办事服务").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "办事服务"
    screenshot(page, "services-catalogue-390")
    assert no_sideways_scroll(page)

    page.get_by_label("搜索办事服务的内容").fill("高龄津贴")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="搜索").click()
    results = page.locator(".svc-item")
    assert results.first.locator(".svc-item__title").inner_text() == "高龄津贴申领"
    assert "可代办" in results.first.inner_text()
    screenshot(page, "services-search-gaoling-390")

    with page.expect_navigation():
        results.first.get_by_role("link", name="高龄津贴申领").click()
    main = page.locator("main")
    assert page.get_by_role("heading", level=1).inner_text() == "高龄津贴申领"
    checklist = page.locator(".svc-checklist__name").all_inner_texts()
    assert "居民身份证" in checklist and "户口簿" in checklist
    assert "原件 1份 · 纸质" in main.inner_text()
    proxy = page.locator(".svc-proxy")
    assert "可以代办" in proxy.inner_text() and "红色代办" in proxy.inner_text()
    place = page.locator(".svc-place", has_text="城中区全天党群服务站")
    assert "正在营业" in place.inner_text() and "民政" in place.inner_text()
    screenshot(page, "services-guide-gaoling-390")
    assert no_sideways_scroll(page)

    # Where is the nearest place open now? The resident says which community they live in.
    page.get_by_label("您住在哪个社区？按离您的距离排列办理地点：").select_option(label=centre.community_name_for_test)
    with page.expect_navigation():
        page.get_by_role("button", name="按距离排序").click()
    nearest = page.locator(".svc-nearest")
    assert "城中区全天党群服务站" in nearest.inner_text() and "步行约" in nearest.inner_text()
    first = page.locator(".svc-place").first
    assert "城中区全天党群服务站" in first.inner_text() and "正在营业" in first.inner_text()
    screenshot(page, "services-guide-nearest-390")
    place = first

    # The open centre's own page lists the service at its window.
    with page.expect_navigation():
        place.get_by_role("link", name="城中区全天党群服务站").click()
    assert page.get_by_role("heading", level=1).inner_text() == centre.title
    assert "高龄津贴申领" in page.locator("main").inner_text()


def test_catalogue_filters_are_links_on_a_phone(site_url, mobile_page, screenshot):
    open_centre_offering_jintie()
    page = mobile_page
    page.goto(f"{site_url}/xining/services/")
    with page.expect_navigation():
        page.locator("nav[aria-labelledby=by-situation]").get_by_role("link", name="养老").first.click()
    assert "situation=" in page.url
    with page.expect_navigation():
        page.get_by_role("link", name="只看可代办").click()
    with page.expect_navigation():
        page.get_by_role("link", name="只看正在营业").click()
    assert "proxy=1" in page.url and "open=1" in page.url
    titles = page.locator(".svc-item__title").all_inner_texts()
    assert "高龄津贴申领" in titles  # offered at a centre open now, can be done by proxy
    assert ServiceGuidePage.objects.filter(title__in=titles, can_proxy=False).count() == 0
    screenshot(page, "services-filters-390")
    with page.expect_navigation():
        page.get_by_role("link", name="清除全部条件").click()
    assert page.url.endswith("/xining/services/")
