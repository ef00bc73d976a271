"""The issue's path in a real browser: a 宣传员 builds a brand page from blocks in the admin and
submits it, a 审核员 approves 初审, a 分管领导 approves 终审, and a resident reads it on a phone
in the normal and the elder-friendly mode (without JavaScript). Plus axe-core on every demo page.

Screenshots go to tests/artifacts/screenshots/.
"""

import io
import re

import pytest
from django.core.management import call_command

from districts.models import DistrictHomePage
from publishing.models import BrandPage
from tests.browser import axe
from tests.demo_pages import demo_urls

PASSWORD = "test-pass-123"  # make_user's
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def demo(transactional_db):
    """The demo content (a live-server test runs in a transaction-less database that earlier
    live-server tests may have flushed; load_demo only adds what is missing)."""
    if not DistrictHomePage.objects.exists():
        call_command("load_demo", stdout=io.StringIO())


def new_page(browser, **options):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(15_000)
    return context.new_page()


def admin_login(browser, site_url, user):
    page = new_page(browser, viewport={"width": 1280, "height": 900})
    page.goto(f"{site_url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site_url}/admin/")
    return page


def add_block(page, label):
    body = page.locator("[data-contentpath='body']").first
    body.locator("button.c-sf-add-button[aria-expanded]").last.click()
    page.get_by_role("option", name=label, exact=True).click()


def approve_in_editor(page, site_url, brand):
    page.goto(f"{site_url}/admin/pages/{brand.pk}/edit/")
    page.locator("footer .w-dropdown__toggle").first.click()
    with page.expect_navigation():
        page.locator("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])").click()


def test_brand_page_from_blocks_through_review_to_a_phone(browser, site_url, demo, make_user, screenshot):
    home = DistrictHomePage.objects.get(slug="xining")
    editor, reviewer, leader = (make_user("630100", role) for role in ("editor", "reviewer", "leader"))

    # 宣传员: a brand page from blocks, submitted for review.
    page = admin_login(browser, site_url, editor)
    page.goto(f"{site_url}/admin/pages/add/publishing/brandpage/{home.pk}/")
    page.fill("#id_title", "邻里议事厅")
    page.fill("#id_slogan", "有事好商量")
    page.fill("#id_summary", "每月一次，居民、物业和共建单位坐在一起，商量小区里的大事小情。")
    add_block(page, "正文")
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type("议事厅由小区党支部召集，议题来自居民，结果向全体居民公示。")
    add_block(page, "流程步骤")
    page.fill("#body-1-value-heading", "怎么议事")
    for i, step in enumerate(["居民提事", "支部定题", "多方商议", "结果公示"]):
        if i:
            page.locator("[data-contentpath='body'] button[data-streamfield-list-add]").last.click()
        page.fill(f"#body-1-value-steps-{i}-value-title", step)
    add_block(page, "引语")
    page.fill("#body-2-value-quote", "大家的事大家商量着办。")
    screenshot(page, "01-editor-builds-brand-page")
    # Wagtail's autosave creates the new page as a draft and moves the editor to its edit URL; a
    # submit sent to the add URL meanwhile would be refused (400, the slug is taken).
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    page.locator("footer .w-dropdown__toggle").first.click()
    assert page.locator("button[name=action-publish]").count() == 0, "a 宣传员 cannot publish"
    page.locator("button[name=action-submit]").click()
    page.wait_for_url(f"{site_url}/admin/pages/{home.pk}/")  # where a submit leads
    brand = BrandPage.objects.get(title="邻里议事厅")
    assert not brand.live and brand.current_workflow_task.name == "西宁市 · 初审"
    page.context.close()

    # 审核员: 初审.
    page = admin_login(browser, site_url, reviewer)
    approve_in_editor(page, site_url, brand)
    screenshot(page, "02-reviewer-approved-first-review")
    brand.refresh_from_db()
    assert not brand.live and brand.current_workflow_task.name == "西宁市 · 终审"
    page.context.close()

    # 分管领导: 终审, which publishes.
    page = admin_login(browser, site_url, leader)
    approve_in_editor(page, site_url, brand)
    brand.refresh_from_db()
    assert brand.live
    page.context.close()

    # A resident on a phone, in a browser without JavaScript.
    phone = new_page(browser, java_script_enabled=False, **PHONE)
    phone.goto(f"{site_url}{brand.url}")
    assert phone.locator("h1").inner_text() == "邻里议事厅"
    assert phone.locator(".steps__item").count() == 4
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling"
    screenshot(phone, "03-resident-phone-normal")

    # The switch is among the first things the keyboard reaches, and Enter works it (no JavaScript).
    for _ in range(4):
        phone.keyboard.press("Tab")
        if "长辈版" in phone.evaluate("document.activeElement.textContent"):
            break
    else:
        pytest.fail("长辈版 switch not reached within four Tab presses")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert "elder" in phone.locator("html").get_attribute("class")
    font_size, line_height = phone.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('main p')); "
        "return [parseFloat(s.fontSize), parseFloat(s.lineHeight)]; })()"
    )
    assert font_size >= 20 and line_height >= 1.3 * font_size
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "04-resident-phone-elder")

    # It persists, and the text can be made larger still.
    with phone.expect_navigation():
        phone.get_by_role("link", name="特大").click()
    phone.goto(f"{site_url}/xining/")
    assert phone.locator("html").get_attribute("class") == "elder text-larger"
    assert phone.locator("a", has_text="邻里议事厅").count() >= 1, "the new brand is on the home page"
    screenshot(phone, "05-resident-phone-elder-home")
    phone.context.close()


@pytest.mark.skipif(not axe.AXE.exists(), reason="needs node_modules/axe-core (scripts/test.sh runs npm ci)")
def test_axe_reports_no_violations_on_the_demo_pages(browser, site_url, demo, screenshot):
    urls = demo_urls()
    elder_urls = [u for u in urls if u.startswith("/xining/") or u in ("/", "/no-such-page/")]
    found = []

    for mode, visit in (("standard", urls), ("elder", elder_urls)):
        page = new_page(browser, **PHONE)
        page.context.add_cookies([{"name": "display_mode", "value": mode, "url": site_url}])
        for url in visit:
            page.goto(f"{site_url}{url}")
            found += axe.violations(page, f"{mode} {url}")
        if mode == "elder":
            screenshot(page, "06-elder-last-checked-page")
            # The check can fail: an image without alt text and a low-contrast link are found.
            page.goto(f"{site_url}/xining/")
            page.evaluate(
                "document.querySelector('main img').removeAttribute('alt');"
                "document.querySelector('main a').style.color = '#bbbbbb';"
            )
            planted = " ".join(axe.violations(page, "planted"))
            assert "image-alt" in planted and "color-contrast" in planted
        page.context.close()
    assert not found, "\n".join(found)
