"""The parts every page of a scope starts from (its Wagtail site with the root page, its district
home with district, emblem and navigation), kept in process memory while the scope's generation
numbers stand.

The page cache keeps whole pages for anyone; a page rendered afresh (the cache off or missed, a
logged-in reader) would still look these up on every request: four to six queries and the page
objects built from them, half of an article's time. The demand dashboard keeps its figures here
too (demands.dashboard). An entry is good for exactly the generation
numbers it was made under, so whatever makes the page cache's entries obsolete (pagecache.signals)
makes these obsolete too, in every process at once. Reading the numbers is one small query, or
none when the page cache has just read them for its key.

A part that changes with the clock (a centre's 正在营业) says until when it holds, through
pagecache.expiry as it would for the page cache: the entry is good until then, and every page
built from it is cached no longer than that.
"""

import contextvars
import logging
from itertools import islice

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.utils import timezone
from wagtail.models import Site

from . import expiry, generations, scopes

logger = logging.getLogger(__name__)

# The request being served, with its numbers once read; None outside a request or when off.
_current = contextvars.ContextVar("pagecache_shared_request", default=None)
_entries = {}  # (scope, name) -> (numbers, value, until): one entry per scope and name, the newest
# Names come from host names, pages and query strings: never let them grow without end. When full,
# the least recently used quarter goes (a crawler reading every guide once must not empty it all).
MAX_ENTRIES = 5000


def remember(name, compute, *, url_path=None, scope=None):
    """compute(), or what it returned under the current request's generation numbers.

    The scope `compute()`'s result belongs to, given as `scope` or as the `url_path` of a page in
    it: the result is remembered only when that is the request's own scope (the request's numbers
    say nothing about another district)."""
    state = _current.get()
    current = state.numbers() if state is not None else None
    if current is None:
        return compute()
    if url_path is not None:
        scope = scope_of_url_path(url_path)
    if scope is not None and scope != current[0]:
        return compute()
    key = (current[0], name)
    entry = _entries.get(key)
    if entry is not None and entry[0] == current[1] and (entry[2] is None or timezone.now() < entry[2]):
        _entries.pop(key, None)
        _entries[key] = entry  # the most recently used last: the least used go first
        expiry.expire_when(entry[2])  # the page built from it holds no longer
        return entry[1]
    value, until = _computed(compute)
    if len(_entries) >= MAX_ENTRIES:
        for old in list(islice(_entries, max(1, MAX_ENTRIES // 4))):
            _entries.pop(old, None)
    _entries[key] = (current[1], value, until)
    return value


class _Deadline:
    cache_until = None  # lowered by pagecache.expiry, as a request's is


def _computed(compute):
    """(compute(), the time its result holds until or None), passing that time on to the page."""
    deadline = _Deadline()
    token = expiry.rendering(deadline)
    try:
        value = compute()
    finally:
        expiry.done_rendering(token)
    expiry.expire_when(deadline.cache_until)
    return value, deadline.cache_until


def scope_of_url_path(url_path):
    """From the map of district homes the request's numbers were read with (no query)."""
    return scopes.scope_of_url_path(url_path, scopes.current_map(scopes.known_generation())["homes"])


def forget():
    """Drop every entry (tests roll their database back, generation numbers with it)."""
    _entries.clear()


def site_with_root(request):
    """Wagtail's site for the request, with its root page's specific object loaded along."""
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page.localized.specific  # noqa: B018 (loads and keeps it on the page object)
    return site


class RequestNumbers:
    """The request's (scope, numbers), read at the first `remember()`: a request that never
    asks (a static file, a form post, a plain view) costs no query."""

    def __init__(self, request):
        self.request = request
        self.read = None

    def numbers(self):
        if self.read is None:
            self.read = (self.request_numbers(self.request),)
        return self.read[0]

    @staticmethod
    def request_numbers(request):
        known = getattr(request, "page_cache_numbers", None)  # the page cache's key holds them
        if known is not None:
            return known
        try:
            return generations.for_request(request)
        except DisallowedHost:  # answered with the 400 page further in
            return None
        except DatabaseError:  # unreadable: look everything up as before
            logger.warning("shared page parts: generation numbers unreadable; looking them up", exc_info=True)
            return None


class SharedPartsMiddleware:
    """Makes `remember()` work during a request, and gives Wagtail's page view the remembered
    site (Wagtail looks it up only when the request does not carry one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "SHARED_PARTS_IN_MEMORY", True) or request.path_info.startswith("/admin/"):
            return self.get_response(request)
        token = _current.set(RequestNumbers(request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve  # not at import: this module loads with the page models

        if view_func is serve:
            site_of(request)


def site_of(request):
    """Wagtail's site for the request (Site.find_for_request), remembered, and kept on the request
    where Wagtail looks first."""
    if not hasattr(request, "_wagtail_site"):
        if _current.get() is None:
            return Site.find_for_request(request)
        where = ("site", request.get_host(), request.get_port())
        request._wagtail_site = remember(where, lambda: site_with_root(request))
    return request._wagtail_site
