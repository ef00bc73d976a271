"""Admin sign-in: lockout after repeated failures (django-axes) and the optional two-factor step."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = "/admin/login/"


def attempt(client, username, password, address="203.0.113.7", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def signed_in(client):
    return client.get("/admin/").status_code == 200


@pytest.fixture
def editor(make_user):
    return make_user("630100", "editor")


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=5)
def test_five_failures_lock_the_username_at_that_address_until_reset(client, editor, make_user):
    for _ in range(4):
        assert attempt(client, editor.username, "wrong").status_code == 200  # the login form again
    locked = attempt(client, editor.username, "wrong")
    assert locked.status_code == 429
    assert "连续 5 次登录失败，已被锁定 30 分钟" in locked.content.decode()

    assert attempt(client, editor.username, "test-pass-123").status_code == 429
    assert not signed_in(client)

    # Other users at that address, and this user elsewhere, are not affected.
    other = make_user("630100", "reviewer")
    assert attempt(client, other.username, "test-pass-123").status_code == 302
    client.logout()
    assert attempt(client, editor.username, "test-pass-123", address="198.51.100.9").status_code == 302
    client.logout()

    call_command("axes_reset_username", editor.username)
    assert attempt(client, editor.username, "test-pass-123").status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_success_before_the_limit_starts_the_count_again(client, editor):
    attempt(client, editor.username, "wrong")
    attempt(client, editor.username, "wrong")
    assert attempt(client, editor.username, "test-pass-123").status_code == 302
    client.logout()
    attempt(client, editor.username, "wrong")
    attempt(client, editor.username, "wrong")
    assert attempt(client, editor.username, "test-pass-123").status_code == 302


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3, TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_client_address_comes_from_x_forwarded_for(client, editor):
    proxy = "10.0.0.5"
    for _ in range(3):
        attempt(client, editor.username, "wrong", address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.10")
    password = "test-pass-123"
    assert attempt(client, editor.username, password, proxy, HTTP_X_FORWARDED_FOR="192.0.2.10").status_code == 429
    # Another resident behind the same proxy is a different address: not locked out.
    assert attempt(client, editor.username, password, proxy, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 302


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_without_a_trusted_proxy_a_forged_x_forwarded_for_does_not_escape_the_lock(client, editor):
    for n in range(3):
        attempt(client, editor.username, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert attempt(client, editor.username, "test-pass-123", HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429


# Two-factor login


def enrol(user):
    return TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)


def code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


@pytest.mark.django_db
def test_a_user_with_an_authenticator_cannot_reach_the_admin_without_its_code(client, editor):
    device = enrol(editor)
    assert attempt(client, editor.username, "test-pass-123").status_code == 302
    for url in ("/admin/", "/admin/pages/", "/admin/images/", "/admin/two-factor/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/two-factor/verify/?next="), url
    # Half signed in counts as signed out on the public site (no editor's user bar).
    assert "wagtail-userbar" not in client.get("/xining/").content.decode()

    page = client.get("/admin/two-factor/verify/?next=/admin/pages/")
    assert "动态验证码" in page.content.decode()
    wrong = client.post("/admin/two-factor/verify/", {"otp_token": "000000", "next": "/admin/pages/"})
    assert "验证码不正确或已过期" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.save()
    right = client.post("/admin/two-factor/verify/", {"otp_token": code(device), "next": "/admin/pages/"})
    assert right.status_code == 302 and right["Location"] == "/admin/pages/"
    assert signed_in(client)


@pytest.mark.django_db
def test_the_code_step_does_not_redirect_off_site(client, editor):
    device = enrol(editor)
    client.force_login(editor)
    response = client.post("/admin/two-factor/verify/", {"otp_token": code(device), "next": "//evil.example/"})
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_enrolling_shows_an_inline_qr_code_and_the_address_and_confirms_with_a_code(client, editor):
    client.force_login(editor)
    html = client.get("/admin/two-factor/").content.decode()
    assert "<svg" in html and "otpauth://totp/" in html
    assert not re.search(r"<img[^>]+qr", html, re.I)  # drawn inline, nothing fetched
    device = TOTPDevice.objects.get(user=editor, confirmed=False)

    bad = client.post("/admin/two-factor/", {"otp_token": "12345"})
    assert "至少" in bad.content.decode() or "验证码" in bad.content.decode()
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()

    response = client.post("/admin/two-factor/", {"otp_token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert signed_in(client)  # this session is verified by the code just given

    client.logout()
    client.post(LOGIN, {"username": editor.username, "password": "test-pass-123"})
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/verify/")


@pytest.mark.django_db
def test_an_enrolled_user_may_switch_it_off_unless_required(client, editor):
    device = enrol(editor)
    client.force_login(editor)
    client.post("/admin/two-factor/verify/", {"otp_token": code(device)})
    with override_settings(TWO_FACTOR_REQUIRED=True):
        client.post("/admin/two-factor/", {"remove": "1"})
        assert TOTPDevice.objects.filter(user=editor).exists()
    client.post("/admin/two-factor/", {"remove": "1"})
    assert not TOTPDevice.objects.filter(user=editor).exists()


@pytest.mark.django_db
@override_settings(TWO_FACTOR_REQUIRED=True)
def test_when_required_every_admin_user_enrols_before_using_the_admin(client, editor):
    client.force_login(editor)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/two-factor/?next=")
    assert client.get("/admin/two-factor/").status_code == 200
    # Residents' public pages are not affected.
    assert client.get("/xining/").status_code == 200


@pytest.mark.django_db
def test_two_factor_reset_removes_a_lost_authenticator(editor):
    enrol(editor)
    call_command("two_factor_reset", editor.username)
    assert not TOTPDevice.objects.filter(user=editor).exists()
