"""Serving public pages from the cache, and storing them.

Placed high in MIDDLEWARE (after SecurityMiddleware and WhiteNoise): a hit skips sessions,
CSRF and the page itself, and gets the headers the inner middleware gave the stored response.

A request is looked up only if it could be anyone's: GET or HEAD, no session cookie (editors,
previews and pages behind a password or login all need one), no messages cookie, no
Authorization header, outside the admin. A response is stored only if it is anyone's too:
200, HTML, no Set-Cookie (a form's CSRF token sets one), not marked private or no-store, and
for the page the key was made for. The key holds the host, scheme, path, sorted query string,
the display preference (长辈版 and text size, from cookies), and the generation numbers.
"""

import datetime as dt
import hashlib
import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_cache_control

from publishing.display import Display

from . import generations
from .expiry import done_rendering, next_midnight, rendering

logger = logging.getLogger(__name__)

SKIP_PREFIXES = ("/admin/", "/documents/", "/display/")
MAX_QUERY = 1024  # longer query strings are served but not kept (no cache filling by junk URLs)
ALLOWED_VARY = {"cookie", "accept-language", "accept-encoding"}
NOT_REPLAYED = {"set-cookie", "x-cache"}


def _warn(message, *args):
    """At most one warning a minute per process: the cache being down is not news on every request."""
    now = time.monotonic()
    if now - _warn.last > 60:
        _warn.last = now
        logger.warning(message, *args)


_warn.last = -1e9


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not self.may_look_up(request):
            response = self.get_response(request)
            if seconds and self.is_html(response) and "Cache-Control" not in response:
                # Someone's own view of a page (logged in, with messages…): no shared cache keeps it.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        try:
            key, scope = self.key(request)
        except DatabaseError:  # the generations are unreadable: serve, keep nothing
            return self.get_response(request)
        entry = self.cache_call("get", key)
        if entry is not None:
            return self.replay(entry)
        now = timezone.now()
        request.cache_until = min(now + dt.timedelta(seconds=seconds), next_midnight(now))
        token = rendering(request)
        try:
            response = self.get_response(request)
        finally:
            done_rendering(token)
        if self.may_store(request, response, scope):
            ttl = int((request.cache_until - timezone.now()).total_seconds())
            if ttl >= 1:
                patch_cache_control(response, max_age=0, must_revalidate=True)
                headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_REPLAYED]
                self.cache_call("set", key, (response.status_code, headers, response.content), ttl)
                response["X-Cache"] = "MISS"
                return response
        response["X-Cache"] = "BYPASS"
        return response

    # -- deciding ---------------------------------------------------------------------------

    def may_look_up(self, request):
        if request.method not in ("GET", "HEAD") or request.path_info.startswith(SKIP_PREFIXES):
            return False
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies or "HTTP_AUTHORIZATION" in request.META:
            return False
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY:
            return False
        try:
            request.get_host()
        except DisallowedHost:
            return False  # the site answers it with its 400 page
        return True

    @staticmethod
    def is_html(response):
        return response.get("Content-Type", "").startswith("text/html")

    def may_store(self, request, response, scope):
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return False
        if not self.is_html(response) or response.cookies:
            return False
        control = response.get("Cache-Control", "").lower()
        if any(word in control for word in ("private", "no-store", "no-cache")):
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
        if not vary <= ALLOWED_VARY:
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        if getattr(request, "page_cache_skip", False):
            return False
        # A Wagtail page's own district decides; a wrong guess from the URL is not stored.
        page_path = getattr(request, "page_cache_url_path", None)
        return page_path is None or generations.scope_of_page(page_path) == scope

    # -- keys and entries -------------------------------------------------------------------

    def key(self, request):
        scope, numbers = generations.for_request(request)
        request.page_cache_numbers = (scope, numbers)  # for pagecache.shared, on a miss
        display = Display.from_cookies(request.COOKIES)
        query = urlencode(sorted(request.GET.lists()), doseq=True)
        where = f"{request.scheme}://{request.get_host()}{request.path}?{query}|{display.mode}|{display.size}"
        digest = hashlib.sha256(where.encode()).hexdigest()[:40]
        return f"page:{numbers}:{scope}:{digest}", scope

    @staticmethod
    def replay(entry):
        status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Cache"] = "HIT"
        return response

    @staticmethod
    def cache_call(method, *args):
        try:
            return getattr(cache, method)(*args)
        except Exception as error:  # any cache failure: serve as if nothing were cached
            _warn("page cache: %s failed (%s); serving uncached", method, error)
            return None
