"""A resident on a phone finds their grid worker: street → community → grid, and by building name.

No JavaScript is needed by the page; the browser only clicks, chooses and types.
"""

import io

import pytest
from django.core.management import call_command

from districts.models import DistrictHomePage
from residents.models import GridFinderPage
from snippets.models import Grid
from tests.browser import axe

pytestmark = pytest.mark.django_db(transaction=True)


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


TARGETS = "main button, main select, main input:not([type=hidden]), main .gf-call, main .gf-results__link"


def small_targets(page):
    """Buttons, selects, inputs and call and result links shorter than 44 CSS pixels."""
    script = """(selector) => [...document.querySelectorAll(selector)]
        .filter(el => el.getBoundingClientRect().height < 44).map(el => el.outerHTML.slice(0, 80))"""
    return page.evaluate(script, TARGETS + ", main .gf-chosen__change")


def test_resident_picks_street_community_grid_and_sees_the_cards(site_url, mobile_page, screenshot):
    call_command("load_demo", stdout=io.StringIO())
    grid = Grid.objects.get(district__code="620981", name="兰新第一网格1号楼院")
    page = mobile_page
    page.goto(f"{site_url}/yumen/wangge/")
    assert page.get_by_role("heading", level=1).inner_text() == "我的网格员"
    screenshot(page, "residents-grid-finder-start-390")

    page.get_by_label("第一步：选择街道").select_option(label="新市区街道")
    page.get_by_role("button", name="下一步：选择社区").click()
    page.get_by_label("第二步：选择社区").select_option(label="兰新社区")
    page.get_by_role("button", name="下一步：选择网格").click()
    screenshot(page, "residents-grid-finder-step3-390")
    page.get_by_label("第三步：选择网格").select_option(value=str(grid.pk))
    page.get_by_role("button", name="查看网格员").click()

    assert page.get_by_role("heading", level=2, name=grid.name).is_visible()
    cards = page.locator(".gf-card")
    assert cards.count() >= 2
    assert page.locator(".gf-facts").get_by_text(grid.party_branch).is_visible()
    call = page.locator("a.gf-call").first
    assert call.get_attribute("href").startswith("tel:1")
    assert "拨打工作电话" in call.inner_text()
    assert page.locator("img.gf-card__photo").count() >= 1
    assert no_sideways_scroll(page)
    assert small_targets(page) == []
    screenshot(page, "residents-grid-finder-grid-390")


def test_resident_finds_the_grid_by_building(site_url, mobile_page, screenshot):
    call_command("load_demo", stdout=io.StringIO())
    page = mobile_page
    page.goto(f"{site_url}/yumen/wangge/")
    page.get_by_label("输入小区、楼栋或网格名称").fill("蘭新小區５號樓")
    page.get_by_role("button", name="查找").click()
    results = page.locator(".gf-results__link")
    assert results.count() >= 1
    assert "兰新第一网格1号楼院" in results.first.inner_text()
    assert no_sideways_scroll(page)
    screenshot(page, "residents-grid-finder-search-390")
    results.first.click()
    assert page.get_by_role("heading", level=2, name="兰新第一网格1号楼院").is_visible()

    page.get_by_label("输入小区、楼栋或网格名称").fill("<script>alert(1)</script>")
    page.get_by_role("button", name="查找").click()
    assert page.get_by_text("没有找到与“<script>alert(1)</script>”相符的网格", exact=False).is_visible()
    screenshot(page, "residents-grid-finder-nothing-390")


def test_elder_mode_keeps_the_cards_readable(site_url, mobile_page, screenshot):
    call_command("load_demo", stdout=io.StringIO())
    grid = Grid.objects.get(district__code="630100", name="文亭巷一网格")
    page = mobile_page
    page.goto(f"{site_url}/xining/wangge/?grid={grid.pk}")
    page.get_by_role("link", name="长辈版").click()
    page.wait_for_url(f"**/xining/wangge/?grid={grid.pk}")
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    assert page.get_by_role("heading", level=2, name="文亭巷一网格").is_visible()
    assert no_sideways_scroll(page)
    screenshot(page, "residents-grid-finder-elder-390")


def test_desktop_layout_puts_cards_side_by_side(site_url, page, screenshot):
    call_command("load_demo", stdout=io.StringIO())
    grid = Grid.objects.get(district__code="620981", name="兰新第一网格1号楼院")
    page.goto(f"{site_url}/yumen/wangge/?grid={grid.pk}")
    first, second = page.locator(".gf-card").nth(0).bounding_box(), page.locator(".gf-card").nth(1).bounding_box()
    assert first["y"] == second["y"] and second["x"] > first["x"]  # two columns
    assert no_sideways_scroll(page)
    screenshot(page, "residents-grid-finder-grid-desktop")


@pytest.mark.skipif(not axe.AXE.exists(), reason="needs node_modules/axe-core (scripts/test.sh runs npm ci)")
def test_axe_finds_no_violation_on_any_step(site_url, mobile_page):
    call_command("load_demo", stdout=io.StringIO())
    page_url = GridFinderPage.objects.child_of(DistrictHomePage.objects.get(district__code="620981")).get().url
    leaf = Grid.objects.get(district__code="620981", name="兰新第一网格1号楼院")
    variants = [
        "",
        f"?street={leaf.community.street_id}",
        f"?community={leaf.community_id}",
        f"?grid={leaf.pk}",
        f"?grid={leaf.parent_id}",
        "?q=兰新小区5号楼",
        "?q=<script>&grid=abc",
    ]
    found = []
    for mode in ("standard", "elder"):
        mobile_page.context.add_cookies([{"name": "display_mode", "value": mode, "url": site_url}])
        for variant in variants:
            mobile_page.goto(f"{site_url}{page_url}{variant}")
            found += axe.violations(mobile_page, f"{mode} {variant}")
    assert not found, "\n".join(found)
