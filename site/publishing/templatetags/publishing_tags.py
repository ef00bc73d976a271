"""Template helpers for pages: JSON-LD, absolute URLs, and the href of a LinkBlock value."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Site

from districts.renditions import kept_rendition

register = template.Library()
register.simple_tag(kept_rendition)

# As Django's json_script: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(*items):
    """A <script type="application/ld+json"> with the given schema.org objects (None ones skipped)."""
    items = [item for item in items if item]
    if not items:
        return ""
    data = (
        {"@context": "https://schema.org", "@graph": items}
        if len(items) > 1
        else {"@context": "https://schema.org", **items[0]}
    )
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


def href_of(link, request):
    """The URL a LinkBlock value points at: its page's (relative to the request's site) or its URL."""
    page = link.get("page") if link else None
    if page is not None:
        return page.get_url(request=request) or ""
    return (link or {}).get("url") or ""


@register.simple_tag(takes_context=True)
def link_href(context, link):
    return href_of(link, context.get("request"))


@register.simple_tag(takes_context=True)
def navigation_links(context, home):
    """[(label, href)] of a district home's navigation, kept on the home for each site: the home is
    remembered between requests (pagecache.shared) and every page of its district draws them."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    kept = home.__dict__.setdefault("kept_navigation", {})
    key = site.pk if site else None
    if key not in kept:
        kept[key] = [(item.value["label"], href_of(item.value["link"], request)) for item in home.navigation]
    return kept[key]


@register.simple_tag(takes_context=True)
def breadcrumb_data(context, crumbs, page):
    """schema.org BreadcrumbList of the crumbs and the page itself."""
    request = context.get("request")
    trail = [*crumbs, page]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": p.title, "item": p.get_full_url(request)}
            for i, p in enumerate(trail, start=1)
        ],
    }
