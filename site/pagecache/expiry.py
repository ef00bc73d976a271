"""How long a cached page stays right: views whose content changes with the clock say when.

`expire_at(request, when)` lowers the request's `cache_until`; the page cache keeps the entry no
longer than that. Every entry also ends at the next local midnight, so that "today", "this
week" and dates counted from today never outlive their day.
"""

import contextvars
import datetime as dt

from django.utils import timezone

_rendering = contextvars.ContextVar("page_cache_request", default=None)


def expire_at(request, when):
    """The response to `request` is right until `when` (an aware datetime, or None: no limit)."""
    if when is None or request is None:
        return
    current = getattr(request, "cache_until", None)
    if current is None or when < current:
        request.cache_until = when


def expire_when(when):
    """The same, for code with no request at hand (centres.hours): the page being rendered for
    the page cache right now, if any, is right until `when`."""
    expire_at(_rendering.get(), when)


def rendering(request):
    """Set by the page cache around rendering a page it may keep; returns the token to reset."""
    return _rendering.set(request)


def done_rendering(token):
    _rendering.reset(token)


def next_midnight(now):
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    return dt.datetime.combine(tomorrow, dt.time(), tzinfo=timezone.get_current_timezone())


def first_change(times, now):
    """The earliest of `times` still to come (for a list of statuses that change at those times)."""
    return min((t for t in times if t is not None and t > now), default=None)
