"""Two-factor login for the admin: a TOTP code from an authenticator app after the password.

A user who has a confirmed device must give its code before any admin page (and, until then, is
anonymous on the public site); with TWO_FACTOR_REQUIRED every admin user must enrol first.
django_otp's OTPMiddleware (before this one) marks the user verified once a code was accepted.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse
from django_otp import user_has_device

from .headers import is_admin_path

# Admin views an unverified user may reach: to verify, to enrol, to leave, and their assets.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "two_factor_verify",
}
ENROL_URL_NAMES = {"two_factor_enrol"}


def needs_admin(user):
    return user.is_active and (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def must_enrol(user):
    return settings.TWO_FACTOR_REQUIRED and needs_admin(user)


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.check(request) or self.get_response(request)

    def check(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        has_device = user_has_device(user, confirmed=True)
        if not has_device and not must_enrol(user):
            return None
        if not is_admin_path(request):
            if has_device:
                request.user = AnonymousUser()  # half logged in: not signed in for the public site
            return None
        try:
            url_name = resolve(request.path_info).url_name
        except Resolver404:
            return None
        if url_name in OPEN_URL_NAMES or (not has_device and url_name in ENROL_URL_NAMES):
            return None
        target = "two_factor_verify" if has_device else "two_factor_enrol"
        return redirect_to_login(request.get_full_path(), login_url=reverse(target))
