"""Routing a URL to its page in two queries, however deep the page lies.

Wagtail routes level by level: at each level one query for the child with the next slug and one
for its specific row, so an article at /xining/news/2022-06-20-1/ costs six queries before it is
rendered. One query finds the chain of pages the URL names (the pages below the root whose slug
is one of the URL's and whose stored `url_path` is a prefix of it), and only the last of them
needs its specific row (none for a district home: pagecache.shared remembers it). The chain is
handed to the page for its breadcrumbs.

The result is the one Wagtail's own routing gives: a page type above the target that routes by
itself (a `RoutablePageMixin` sub-URL such as a district home's `search/`, or any other `route()`
override) still gets the URL first, as it would level by level.
"""

from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from .pages import shared_district_home


class PathRouting:
    """For the page types that can be a site's root page (the portal, a district home)."""

    def route(self, request, path_components):
        result = route_by_url_path(self, request, path_components)
        if result is not None:
            return result
        return super().route(request, path_components)


STANDARD_ROUTES = {Page.route, RoutablePageMixin.route, PathRouting.route}


def route_by_url_path(root, request, path_components):
    """The route for `path_components` below `root`, or None to route level by level."""
    if not path_components:
        return None
    prefixes = {root.url_path + "/".join(path_components[: i + 1]) + "/" for i in range(len(path_components))}
    # By slug, which is indexed (url_path is not): a handful of rows however large the tree, of
    # which only the URL's own pages are built (every district has a news/ page).
    chain = list(
        Page.objects.filter(
            slug__in=set(path_components),
            url_path__in=prefixes,
            depth__gt=root.depth,
            depth__lte=root.depth + len(path_components),
            path__startswith=root.path,
        ).order_by("depth")
    )
    if not chain or any(page.depth != root.depth + i + 1 for i, page in enumerate(chain)):
        return None  # no page below the root matches, or url_paths out of step with the tree
    # Each page on the way down may claim the rest of the URL, as it would level by level.
    for depth, page in enumerate([root, *chain[:-1]]):
        claimed = claims(page, path_components[depth:])
        if claimed:
            return standard_route(page if page is root else target_page(page), request, path_components[depth:])
    target = target_page(chain[-1])
    # The pages above the target, for its breadcrumbs (DistrictPageMixin.breadcrumbs).
    request.route_ancestors = (target.pk, [root, *chain[:-1]])
    return standard_route(target, request, path_components[len(chain) :])


def target_page(page):
    """The specific page routing ends at. A district home is its district's remembered object
    (pagecache.shared): its blocks keep the pages and people they chose resolved."""
    from .models import DistrictHomePage

    if page.specific_class is DistrictHomePage:
        home = shared_district_home(page)
        if home is not None and home.pk == page.pk:
            return home
    return page.specific


def claims(page, remaining):
    """Whether `page` routes `remaining` itself rather than handing it to a child."""
    cls = page.specific_class or Page
    if cls.route not in STANDARD_ROUTES:
        return True  # a route() of its own: let it decide
    if not (issubclass(cls, RoutablePageMixin) and page.live):
        return False
    try:
        cls.get_resolver().resolve("/" + "/".join(remaining) + "/")
    except Http404:
        return False
    return True


def standard_route(page, request, remaining):
    """`page.route()`, without going through this module again for a page that routes by path."""
    if isinstance(page, PathRouting):
        return super(PathRouting, page).route(request, remaining)
    return page.route(request, remaining)
