"""Reading the generation numbers a request's cache key is made of (one small query)."""

from . import scopes
from .invalidate import GLOBAL
from .models import Generation


def _numbers(names):
    found = dict(Generation.objects.filter(scope__in=names).values_list("scope", "number"))
    return {name: found.get(name, 0) for name in names}


def for_request(request):
    """(scope, "<global>.<scope's number>") for the page `request` asks for.

    The numbers are read before the page is rendered: a change that commits while it renders
    bumps them, so the entry stored under the old numbers is never found again."""
    known = scopes.known_generation()
    scope = scopes.scope_of_request(request, known) if known is not None else None
    numbers = _numbers([GLOBAL, scope] if scope else [GLOBAL])
    if numbers[GLOBAL] != known:  # sites or district home pages may have changed: map again
        fresh = scopes.scope_of_request(request, numbers[GLOBAL])
        if fresh != scope:
            scope = fresh
            numbers = _numbers([GLOBAL, scope])
    return scope, f"{numbers[GLOBAL]}.{numbers[scope]}"


def scope_of_page(url_path):
    return scopes.scope_of_url_path(url_path, scopes.current_map(scopes.known_generation())["homes"])
