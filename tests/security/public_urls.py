"""The public URLs the security tests visit, found rather than listed: one live page of every page
type in every district (so page types added later are covered), the pages tests/demo_pages.py
checks, and every same-site link those pages show (routable sub-pages: calendars, guides, search,
sign-up pages, the display switch…)."""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from wagtail.models import Page

from tests.demo_pages import demo_urls

SKIP_PREFIXES = ("/static/", "/media/", "/admin/", "/documents/", "/api/")
MAX_URLS = 400


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def same_site_links(html):
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.links:
        href = urldefrag(href)[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith(SKIP_PREFIXES):
            continue
        found.append(href)
    return found


def page_type_urls():
    """The first live page (in tree order) of each page type under each district home, and the rest."""
    seen, urls = set(), []
    for page in Page.objects.live().order_by("path").specific().iterator():
        key = (type(page), page.path[:8])  # the district's subtree: depth-2 path of its home
        if key in seen or type(page) is Page:
            continue
        seen.add(key)
        url = page.get_url()
        if url:
            urls.append(url)
    return urls


def public_urls(client, cookies=None):
    """Every URL to check, each fetched once with `client` carrying only `cookies`: {url: response}."""

    def fetch(url):
        client.cookies.clear()
        for name, value in (cookies or {}).items():
            client.cookies[name] = value
        return client.get(url)

    start = list(dict.fromkeys([*page_type_urls(), *demo_urls(), "/search/?q=社区"]))
    responses = {url: fetch(url) for url in start}
    for response in list(responses.values()):
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in same_site_links(response.content.decode()):
            if link not in responses and len(responses) < MAX_URLS:
                responses[link] = fetch(link)
    return responses
