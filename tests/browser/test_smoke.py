"""Smoke: the portal, a district home (as a section and on a phone) and the admin login, in chromium."""

PASSWORD = "test-pass-123"  # make_user's


def test_portal_lists_the_districts(page, site_url, screenshot):
    page.goto(f"{site_url}/")
    cards = page.locator(".district-card")
    assert cards.count() == 7
    assert page.get_by_role("link", name="西宁市").first.is_visible()
    screenshot(page, "smoke-portal")


def test_district_home_on_a_phone(mobile_page, site_url, screenshot):
    mobile_page.goto(f"{site_url}/yumen/")
    assert mobile_page.get_by_role("heading", level=1).first.inner_text().strip() == "玉门市"
    assert "人在网中行、事在格中了" in mobile_page.content()
    brand = mobile_page.evaluate("getComputedStyle(document.body).getPropertyValue('--brand').trim()")
    assert brand == "#9c1c1c"
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows sideways
    screenshot(mobile_page, "smoke-yumen-phone")


def test_admin_login_in_chinese(page, site_url, make_user, screenshot):
    user = make_user("630100", "editor")
    page.goto(f"{site_url}/admin/")
    assert "登录" in page.content()
    screenshot(page, "smoke-admin-login")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site_url}/admin/")
    assert page.get_by_role("link", name="页面").count() or "页面" in page.content()
