"""长辈版: a plain link switches it on, a cookie keeps it, and <html> carries the class."""

import pytest


@pytest.mark.django_db
def test_elder_mode_switch_works_without_javascript_and_persists(client):
    html = client.get("/xining/").content.decode()
    assert '<html lang="zh-CN">' in html
    assert 'href="/display/?mode=elder&amp;next=/xining/"' in html
    response = client.get("/display/", {"mode": "elder", "next": "/xining/"})
    assert response.status_code == 302 and response["Location"] == "/xining/"
    cookie = response.cookies["display_mode"]
    assert cookie.value == "elder" and cookie["max-age"] >= 365 * 24 * 3600 and cookie["httponly"]
    for url in ("/xining/", "/xining/red-property/", "/"):
        page = client.get(url)
        assert '<html lang="zh-CN" class="elder text-large">' in page.content.decode(), url
        assert "Cookie" in page["Vary"]
    assert "返回标准版" in client.get("/xining/").content.decode()


@pytest.mark.django_db
def test_text_size_can_be_chosen_and_standard_mode_resets_it(client):
    client.get("/display/", {"mode": "elder"})
    client.get("/display/", {"size": "larger", "next": "/xining/"})
    html = client.get("/xining/").content.decode()
    assert 'class="elder text-larger"' in html
    assert 'aria-current="true">特大' in html
    client.get("/display/", {"mode": "standard"})
    assert '<html lang="zh-CN">' in client.get("/xining/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [({"mode": "huge"}, "没有“huge”这种显示方式"), ({"size": "xxl"}, "没有“xxl”这种字号"), ({}, "请选择")],
)
def test_bad_display_choices_get_a_chinese_error(client, params, message):
    response = client.get("/display/", params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "display_mode" not in response.cookies


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_display_switch_never_redirects_off_site(client, target):
    response = client.get("/display/", {"mode": "elder", "next": target})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_a_forged_cookie_changes_nothing(client):
    client.cookies["display_mode"] = '"><script>'
    client.cookies["text_size"] = "huge"
    assert '<html lang="zh-CN">' in client.get("/xining/").content.decode()
