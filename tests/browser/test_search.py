"""Search in a real browser: a resident on a phone, without JavaScript, with the keyboard only,
in the elder-friendly mode; axe-core on the search pages.

Screenshots go to tests/artifacts/screenshots/.
"""

import pytest

from tests.browser import axe

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def new_page(browser, **options):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(15_000)
    return context.new_page()


def test_resident_searches_in_traditional_characters_on_a_phone_without_javascript(browser, site_url, screenshot):
    phone = new_page(browser, java_script_enabled=False, **PHONE)
    phone.goto(f"{site_url}/yumen/search/")
    box = phone.get_by_label("搜索玉门市的内容")
    assert phone.get_by_role("search").count() == 1
    assert float(box.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 20
    assert box.bounding_box()["height"] >= 48, "a large target for elderly fingers"
    box.fill("養老")
    box.press("Enter")
    phone.wait_for_url("**/yumen/search/?q=*")
    results = phone.locator(".search-result")
    assert results.count() >= 2
    assert phone.locator(".search-result mark", has_text="养老").count() >= 1
    assert "玉门" in phone.locator(".search-summary").inner_text() or results.count() >= 2
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling"
    screenshot(phone, "search-1-phone-traditional-query")

    # The elder-friendly mode keeps the results and makes the box larger still.
    with phone.expect_navigation():
        phone.get_by_role("link", name="长辈版").click()
    assert "elder" in phone.locator("html").get_attribute("class")
    assert phone.locator(".search-result").count() == results.count()
    assert (
        float(phone.get_by_label("搜索玉门市的内容").evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) > 20
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "search-2-phone-elder")

    # A result leads to its page.
    with phone.expect_navigation():
        phone.locator(".search-result__title a").first.click()
    assert "/yumen/" in phone.url
    phone.context.close()


def test_search_with_the_keyboard_only(browser, site_url, screenshot):
    page = new_page(browser, viewport={"width": 1280, "height": 800})
    page.goto(f"{site_url}/xining/search/")
    for _ in range(30):  # Tab from the top of the page to the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-q":
            break
    else:
        pytest.fail("the search box cannot be reached with Tab")
    page.keyboard.type("wgy")  # 网格员, by its pinyin initials
    page.keyboard.press("Enter")
    page.wait_for_url("**/xining/search/?q=wgy*")
    assert page.locator(".search-result").count() >= 1
    assert page.locator(".search-result mark").first.inner_text() == "网格员"
    screenshot(page, "search-3-keyboard-pinyin-initials")
    page.context.close()


def test_paging_through_results(browser, site_url):
    page = new_page(browser, java_script_enabled=False, **PHONE)
    page.goto(f"{site_url}/search/?q=网格")
    first_titles = page.locator(".search-result__title").all_inner_texts()
    next_link = page.get_by_role("link", name="下一页")
    if not next_link.count():
        pytest.skip("the demo content has fewer than 11 pages about 网格")
    next_link.click()
    page.wait_for_url("**page=2*")
    second_titles = page.locator(".search-result__title").all_inner_texts()
    assert second_titles and not set(first_titles) & set(second_titles)
    assert page.get_by_role("link", name="上一页").count() == 1
    page.context.close()


@pytest.mark.skipif(not axe.AXE.exists(), reason="needs node_modules/axe-core (scripts/test.sh runs npm ci)")
def test_axe_reports_no_violations_on_search_pages(browser, site_url, screenshot):
    urls = [
        "/search/",
        "/search/?q=网格",
        "/xining/search/?q=网格员",
        "/yumen/search/?q=养老",
        "/xining/search/?q=火星基地",
        "/xining/search/?q=%22*",
        "/xining/search/?q=" + "长" * 100,
    ]
    found = []
    for mode in ("standard", "elder"):
        page = new_page(browser, **PHONE)
        page.context.add_cookies([{"name": "display_mode", "value": mode, "url": site_url}])
        for url in urls:
            page.goto(f"{site_url}{url}")
            found += axe.violations(page, f"{mode} {url}")
        screenshot(page, f"search-4-axe-{mode}")
        page.context.close()
    assert not found, "\n".join(found)
