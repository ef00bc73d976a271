"""Security headers on every public response, and nothing in the pages that the policy would block."""

import re

import pytest
from django.test import override_settings

from tests.security.inline_content import inline_content
from tests.security.public_urls import public_urls

PUBLIC_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "frame-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS = "geolocation=(self)"


def directives(header):
    parsed = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        if name:
            parsed[name] = value.strip()
    return parsed


def header_problems(url, response):
    problems = []
    csp = directives(response.get("Content-Security-Policy", ""))
    for name, value in PUBLIC_CSP.items():
        if csp.get(name) != value:
            problems.append(f"{url}: CSP {name} is {csp.get(name)!r}, want {value!r}")
    style_src = csp.get("style-src", "").split()
    if style_src[:1] != ["'self'"] or any(s == "'unsafe-inline'" or not s.startswith("'") for s in style_src):
        problems.append(f"{url}: style-src {style_src}")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for name, value in expected.items():
        if response.get(name) != value:
            problems.append(f"{url}: {name} is {response.get(name)!r}")
    permissions = response.get("Permissions-Policy", "")
    features = dict(item.strip().split("=", 1) for item in permissions.split(",") if "=" in item)
    if features.pop("geolocation", None) != "(self)" or any(v != "()" for v in features.values()) or len(features) < 10:
        problems.append(f"{url}: Permissions-Policy {permissions!r}")
    if "Strict-Transport-Security" in response:
        problems.append(f"{url}: HSTS on plain HTTP")
    return problems


def content_problems(url, response):
    if "text/html" not in response.get("Content-Type", ""):
        return []
    found = inline_content(response.content.decode())
    allowed = directives(response["Content-Security-Policy"]).get("style-src", "").split()
    return [f"{url}: {p}" for p in found.problems] + [
        f"{url}: <style> with hash {h} not in style-src" for h in found.style_hashes if h not in allowed
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_every_public_response_carries_the_headers_and_nothing_the_policy_blocks(client, mode):
    responses = public_urls(client, {"display_mode": mode})
    assert len(responses) > 40, sorted(responses)
    statuses = {url: r.status_code for url, r in responses.items()}
    assert all(code in (200, 301, 302, 400, 404) for code in statuses.values()), statuses
    assert sum(code == 200 for code in statuses.values()) > 30
    problems = []
    for url, response in responses.items():
        problems += header_problems(url, response) + content_problems(url, response)
    assert not problems, "\n".join(problems[:40])


@pytest.mark.django_db
def test_brand_colours_are_allowed_by_hash_and_only_that_style(client):
    response = client.get("/xining/")
    html = response.content.decode()
    found = inline_content(html)
    assert len(found.style_hashes) == 1
    assert re.search(r"<style>body\{--brand: #[0-9a-fA-F]{6};", html)
    style_src = directives(response["Content-Security-Policy"])["style-src"].split()
    assert style_src == ["'self'", *found.style_hashes]


@pytest.mark.django_db
def test_a_style_smuggled_into_a_page_is_not_allowed(client, xining):
    """A slogan holding </style><style>… is escaped, and only the rendered block's hash is allowed."""
    xining.slogan = "</style><style>body{display:none}</style>"
    xining.save()
    html = client.get("/").content.decode()
    assert "<style>body{display:none}" not in html
    assert "&lt;/style&gt;&lt;style&gt;" in html


@pytest.mark.django_db
def test_the_portal_draws_each_district_card_in_its_colours_from_one_allowed_style(client):
    response = client.get("/")
    html = response.content.decode()
    found = inline_content(html)
    assert not found.problems
    assert len(found.style_hashes) == 1
    assert found.style_hashes[0] in response["Content-Security-Policy"]
    cards = re.findall(r'class="card district-card (district-card--\d+)"', html)
    assert len(cards) >= 7
    for card in cards:
        assert re.search(rf"\.{card}\{{--brand: #[0-9a-fA-F]{{6}}; --on-brand: #[0-9a-fA-F]{{6}};}}", html)


@pytest.mark.django_db
@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), SECURE_HSTS_SECONDS=31536000)
def test_hsts_only_over_https_behind_the_proxy(client):
    over_https = client.get("/xining/", HTTP_X_FORWARDED_PROTO="https")
    assert over_https["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get("/xining/")
    assert "Strict-Transport-Security" not in client.get("/xining/", HTTP_X_FORWARDED_PROTO="http")


@pytest.mark.django_db
def test_img_src_names_the_media_host_when_media_is_elsewhere(client):
    with override_settings(MEDIA_URL="https://media.example.org/gov/"):
        csp = directives(client.get("/xining/")["Content-Security-Policy"])
    assert csp["img-src"] == "'self' data: https://media.example.org"
    assert directives(client.get("/xining/")["Content-Security-Policy"])["img-src"] == "'self' data:"


@pytest.mark.django_db
def test_the_admin_has_its_own_policy_that_lets_it_frame_its_previews(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    csp = directives(response["Content-Security-Policy"])
    assert csp["frame-ancestors"] == "'self'"
    assert csp["script-src"] == "'self' 'unsafe-inline'"
    assert csp["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert "Permissions-Policy" in response


@pytest.mark.django_db
def test_the_500_page_keeps_its_style_under_the_policy(monkeypatch):
    from django.test import Client

    from publishing.display import Display

    def broken(cls, cookies):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Display, "from_cookies", classmethod(broken))
    response = Client(raise_request_exception=False).get("/xining/")
    assert response.status_code == 500
    found = inline_content(response.content.decode())
    assert not found.problems and len(found.style_hashes) == 1
    assert directives(response["Content-Security-Policy"])["style-src"] == f"'self' {found.style_hashes[0]}"
