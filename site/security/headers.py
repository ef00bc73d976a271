"""Security headers Django does not send itself: Content-Security-Policy (through django-csp, one
policy for the public site and a looser one for the Wagtail admin) and Permissions-Policy.

Inline <style> elements are allowed one by one: `{% csp_style %}` (security_tags) records the hash of
what it renders on the request, and the policy lists exactly those hashes. JSON-LD needs nothing: a
<script type="application/ld+json"> is a data block that browsers never execute, so CSP does not
apply to it, and adding its hash to script-src would only let that text run as a script elsewhere.
"""

import functools
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver

STYLE_HASHES = "_csp_style_hashes"


def add_style_hash(request, digest):
    """Allow one inline <style> on this request's response ('sha256-…')."""
    hashes = getattr(request, STYLE_HASHES, None)
    if hashes is None:
        hashes = []
        setattr(request, STYLE_HASHES, hashes)
    if digest not in hashes:
        hashes.append(digest)


def is_admin_path(request):
    return request.path_info.startswith(settings.ADMIN_URL_PREFIX)


@functools.cache
def media_origins():
    """Where uploaded images come from when it is not this site (S3, a CDN): asked of the storage."""
    try:
        parts = urlsplit(default_storage.url("csp-probe.png"))
    except Exception:  # a storage that cannot make URLs offline: images will say so themselves
        return []
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme in {"http", "https"} and parts.netloc else []


@receiver(setting_changed)
def _forget_media_origins(setting, **kwargs):
    if setting in {"MEDIA_URL", "STORAGES"}:
        media_origins.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None and is_admin_path(request):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        update = dict(parts.update or {})
        hashes = getattr(request, STYLE_HASHES, None)
        if hashes:
            update["style-src"] = [*update.get("style-src", []), *(f"'{digest}'" for digest in hashes)]
        origins = media_origins()
        if origins:
            update["img-src"] = [*update.get("img-src", []), *origins]
        return PolicyParts(parts.config, update or None, parts.replace, parts.nonce)


def permissions_policy(policy):
    def allowlist(origins):
        return "(" + " ".join(o if o in {"self", "*"} else f'"{o}"' for o in origins) + ")"

    return ", ".join(f"{feature}={allowlist(origins)}" for feature, origins in policy.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
