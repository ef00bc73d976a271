"""The search page: a district's at its home URL + ``search/``, the portal's at ``/search/``.

``search_response(request, root_page)`` searches the live, public pages at or
below `root_page` and renders ``search/results.html``; the district home page's
``search/`` route and the ``/search/`` URL (which searches the root page of the
site the request came to: the portal, or a district that has a host of its own)
both call it.

Queries per results page: a fixed handful (the count, the page of results, one
per page type among them, the district homes on the portal), however many
results there are.
"""

import logging
import unicodedata
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404
from django.template.response import TemplateResponse
from modelsearch import index
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from districts.models import DistrictHomePage, PortalHomePage
from pagecache import shared

from . import text
from .backend import Terms, flatten
from .highlight import Highlighter

logger = logging.getLogger(__name__)

PER_PAGE = 10
TEMPLATE = "search/results.html"
EXAMPLES = "养老、網格員、ylbx（养老保险的拼音首字母）"

TOO_LONG = f"搜索词太长了，请精简到 {text.MAX_QUERY_LENGTH} 个字以内再试。"
NOTHING_SEARCHABLE = "没有可以搜索的字词。请输入汉字、字母或数字，例如“养老服务”。"
FAILED = "搜索暂时出了点问题，请稍后再试。"


def site_search(request):
    """/search/ on any host: the pages of the site's root (the portal, or a district with its own host)."""
    site = shared.site_of(request)
    if site is None:
        raise Http404("没有对应的站点")
    return search_response(request, site.root_page)


def clean_query(raw):
    """The query as typed, without control characters and with single spaces."""
    raw = raw[: text.MAX_QUERY_LENGTH * 4]  # longer is refused anyway; no need to look at 10,000 characters
    kept = "".join(" " if char.isspace() else char for char in raw if unicodedata.category(char)[0] != "C")
    return " ".join(kept.split())


def page_text(page):
    """A page's text apart from its title: its search description and the fields it is searched by.

    Only the page's own fields: related objects would cost a query per result. A text that is
    part of another (a summary that is also the search description, or that opens the body) is
    shown once. Remembered while the page stands (pagecache.shared: any change of a page moves the
    numbers of its district and of the portal, where searches run).
    """
    return shared.remember(("page text", page.pk), lambda: _page_text(page))


def _page_text(page):
    parts = [page.search_description or ""]
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name not in {"title", "search_description"}:
            parts.append(flatten(field.get_value(page), separator=" ").strip())
    parts = [" ".join(part.split()) for part in parts if part]
    kept = [
        part
        for i, part in enumerate(parts)
        if not any(part in other and (len(other) > len(part) or j < i) for j, other in enumerate(parts) if j != i)
    ]
    return " ".join(kept)


def _district_names(root, pages):
    """{page id: district name} for results from several districts (the portal's search), in one query."""
    homes = shared.remember(("district names", root.path), lambda: _district_homes(root))
    names = {}
    for page in pages:
        name = next((name for path, name in homes if page.path.startswith(path)), None)
        if name is not None:
            names[page.pk] = name
    return names


def _district_homes(root):
    homes = DistrictHomePage.objects.filter(path__startswith=root.path).values_list("path", "district__name")
    return sorted(homes, key=lambda home: -len(home[0]))


def excerpt(page, highlighter):
    """The search description when the searched words are in it (it sums the page up, and reading
    it is cheap); else the page's text around the first match."""
    description = page.search_description
    if description and highlighter.spans(description):
        return highlighter.excerpt(description)
    return highlighter.excerpt(page_text(page))


def search_response(request, root_page):
    root = root_page.specific
    district_home = getattr(root, "district_home", None)  # district pages know theirs (emblem included)
    if isinstance(root, PortalHomePage):
        district_home = None  # the portal is in no district
    elif district_home is None and not isinstance(root, DistrictHomePage):
        district_home = DistrictHomePage.objects.ancestor_of(root).select_related("district").order_by("-depth").first()
    elif district_home is None:
        district_home = root
    query = clean_query(request.GET.get("q", ""))
    action = (root.get_url(request) or "/") + "search/"
    context = {
        "page": root,
        "search_root": root,
        "district_home": district_home,
        "district": district_home.district if district_home else None,
        "query": query[: text.MAX_QUERY_LENGTH],
        "search_action": action,
        "examples": EXAMPLES,
        "message": "",
        "results": None,
    }
    if not query:
        return TemplateResponse(request, TEMPLATE, context)
    if len(query) > text.MAX_QUERY_LENGTH:
        context["message"] = TOO_LONG
        return TemplateResponse(request, TEMPLATE, context)
    terms = text.query_terms(query)
    if not terms:
        context["message"] = NOTHING_SEARCHABLE
        return TemplateResponse(request, TEMPLATE, context)

    pages = Page.objects.live().public().descendant_of(root, inclusive=True).specific()
    results = get_search_backend().search(Terms(terms), pages)
    try:
        page_obj = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
        # With nothing found, even an empty slice would build the whole full-text query again.
        found = list(page_obj.object_list) if page_obj.paginator.count else []
    except DatabaseError:
        logger.exception("search failed for %r under %s", query, root.url_path)
        context["message"] = FAILED
        return TemplateResponse(request, TEMPLATE, context)

    highlighter = Highlighter(terms)
    names = {} if district_home else _district_names(root, found)
    context["results"] = [
        {
            "page": page,
            "url": page.get_url(request),
            "title": highlighter.title(page.title),
            "excerpt": excerpt(page, highlighter),
            "district": names.get(page.pk, ""),
            "kind": page.specific_class._meta.verbose_name if page.specific_class else "",
        }
        for page in found
    ]
    context["page_obj"] = page_obj
    context["count"] = page_obj.paginator.count

    def link(number):
        return "?" + urlencode({"q": query, "page": number})

    if page_obj.has_previous():
        context["previous_url"] = link(page_obj.previous_page_number())
    if page_obj.has_next():
        context["next_url"] = link(page_obj.next_page_number())
    return TemplateResponse(request, TEMPLATE, context)
