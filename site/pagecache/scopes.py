"""Which scope a URL's page belongs to, before anything is rendered.

Districts are disjoint page subtrees, so a request's scope follows from its host (the Wagtail
Site) and its path: the district whose home page's URL path prefixes it, or the portal. The
map is built from two small queries and rebuilt whenever the global generation moves (sites,
district home pages and page moves bump it).
"""

import threading

from django.http.request import split_domain_port
from wagtail.models import Site

from .invalidate import PORTAL, district_scope

_lock = threading.Lock()
_map = {"generation": None, "sites": [], "homes": []}


def district_homes():
    """[(url_path, district_id)] of every district home page, longest path first, from the database."""
    from districts.models import DistrictHomePage

    return sorted(DistrictHomePage.objects.values_list("url_path", "district_id"), key=lambda h: -len(h[0]))


def _build(generation):
    sites = list(Site.objects.values_list("hostname", "port", "is_default_site", "root_page__url_path"))
    return {"generation": generation, "sites": sites, "homes": district_homes()}


def current_map(generation):
    global _map
    if _map["generation"] != generation:
        with _lock:
            if _map["generation"] != generation:
                _map = _build(generation)
    return _map


def scope_of_url_path(url_path, homes):
    """The scope of a page by its url_path (/home/xining/news/…), given district_homes()."""
    for home_path, district_id in homes:
        if url_path.startswith(home_path):
            return district_scope(district_id)
    return PORTAL


def scope_of_request(request, generation):
    """The scope of the page a request asks for, the way Wagtail finds its site (host and port,
    then host alone, then the default site)."""
    sites = current_map(generation)["sites"]
    host, port = split_domain_port(request.get_host())
    port = int(port) if port.isdigit() else (443 if request.is_secure() else 80)
    matches = [s for s in sites if s[0] == host]
    site = (
        next((s for s in matches if s[1] == port), None)
        or (matches[0] if len(matches) == 1 else None)
        or next((s for s in sites if s[2]), None)
    )
    if site is None:
        return PORTAL
    return scope_of_url_path(site[3] + request.path_info.lstrip("/"), current_map(generation)["homes"])


def known_generation():
    """The global generation the current map was built at (None before the first request)."""
    return _map["generation"]


def reset():
    """Forget the map (tests roll the generations back with their database)."""
    global _map
    _map = {"generation": None, "sites": [], "homes": []}
