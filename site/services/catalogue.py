"""Browsing the catalogue: by category, life situation and centre, the 可代办 and 正在营业 filters,
the district's Chinese search scoped to its services, and pages of 20.

Every choice is a GET parameter, so each view is a plain link that works without JavaScript and
can be shared. The guides as listed, filtered and counted (services.catalogue_index) and the
district's centres with their statuses (centres.opening) are remembered: a request reads no guide
from the database, and runs the search when there is one.
"""

import html
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.search.backends import get_search_backend

from centres.opening import district_centres, district_statuses
from pagecache import shared
from search import text
from search.backend import Terms
from search.views import FAILED, NOTHING_SEARCHABLE, TOO_LONG, clean_query

from .catalogue_index import catalogue_index, live_guides

PER_PAGE = 20
MAX_SEARCH_RESULTS = 1000  # the best matches kept for filtering; nobody pages through more
BAD_FILTER = "有的筛选条件无效，已忽略。"


class CatalogueForm(forms.Form):
    """The catalogue's filters. An id must be one of the district's (`known`: {field: {id: row}});
    checked by lookup, as a district has hundreds of centres."""

    q = forms.CharField(label="搜索办事服务", required=False)
    category = forms.IntegerField(label="服务类别", required=False)
    situation = forms.IntegerField(label="生活情境", required=False)
    centre = forms.IntegerField(label="服务中心", required=False)
    proxy = forms.BooleanField(label="只看可代办", required=False)
    open = forms.BooleanField(label="只看现在能办（服务中心正在营业）", required=False)

    def __init__(self, data, known):
        super().__init__(data)
        self.known = known

    def clean(self):
        for name, rows in self.known.items():
            pk = self.cleaned_data.get(name)
            if pk is not None and pk not in rows:
                self.add_error(name, "不是本区的选项。")
        return self.cleaned_data

    def value(self, name):
        """A field's clean value; an invalid one (typed by hand, hostile) counts as not given."""
        if name in self.errors:
            return None
        return self.cleaned_data.get(name)

    def chosen(self, name):
        """The row chosen for `name`, or None."""
        pk = self.value(name)
        return None if pk is None else self.known[name][pk]


def _link(params, **changes):
    """The catalogue's query string with `changes` applied (None removes a parameter); page reset."""
    merged = {k: v for k, v in params.items() if k != "page"}
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return "?" + urlencode(merged) if merged else "?"


def browse(request, catalogue):
    index = catalogue_index(catalogue, request)
    home = catalogue.district_home
    centres = district_centres(home)
    statuses = district_statuses(home)
    form = CatalogueForm(request.GET, index.known | {"centre": {c.pk: c for c in centres}})
    form.is_valid()
    message = BAD_FILTER if form.errors else ""

    categories, situations, entries = index.categories, index.situations, index.entries
    chosen = {name: row for name in ("category", "situation", "centre") if (row := form.chosen(name))}
    category, situation, centre = (form.value(name) for name in ("category", "situation", "centre"))
    if category is not None:
        entries = [e for e in entries if e.category_id == category]
    if situation is not None:
        entries = [e for e in entries if situation in e.situations]
    if centre is not None:
        entries = [e for e in entries if centre in e.centres]
    if form.value("proxy"):
        entries = [e for e in entries if e.can_proxy]
    if form.value("open"):
        entries = [e for e in entries if e.open_now(statuses)]

    query = clean_query(request.GET.get("q", ""))
    params = {k: v for k, v in request.GET.items() if k in form.fields and k not in form.errors and v}
    if query:
        params["q"] = query[: text.MAX_QUERY_LENGTH]  # where it was: the address stays as shared
    else:
        params.pop("q", None)
    if query:
        ids, search_message = _search(live_guides(catalogue), query, allowed={e.pk for e in entries})
        message = search_message or message
        entries = [index.by_pk[pk] for pk in ids]
    page_obj = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    guides = [(entry, entry.open_now(statuses)) for entry in page_obj.object_list]

    def page_link(number):
        return _link(params) + ("&" if params else "") + urlencode({"page": number})

    return {
        "query": params.get("q", ""),
        "message": message,
        "categories": [(c, _link(params, category=c.pk), c.pk == category) for c in categories if c.guide_count],
        "situations": [(s, _link(params, situation=s.pk), s.pk == situation) for s in situations if s.guide_count],
        "centres": centre_list(home, _link(params, centre=None), centre),
        "centre_chosen": centre is not None,
        "chosen": [(key, value, _link(params, **{key: None})) for key, value in chosen.items()],
        "proxy_link": _link(params, proxy=None if form.value("proxy") else "1"),
        "open_link": _link(params, open=None if form.value("open") else "1"),
        "proxy_on": bool(form.value("proxy")),
        "open_on": bool(form.value("open")),
        "clear_link": "?",
        "guides": guides,
        "page_obj": page_obj,
        "count": page_obj.paginator.count,
        "previous_url": page_link(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        "next_url": page_link(page_obj.next_page_number()) if page_obj.has_next() else "",
        "filtered": bool(params),
    }


BADGE = ' <span class="open-status open-status--{}">{}</span>'


def centre_list(home, base, chosen):
    """The items of the 按服务中心找 list, each a link to `base` with the centre added. A district
    has hundreds of centres: joined as strings (a template loop cost 4 ms a request), from parts
    drawn once while the centres and their statuses stand."""
    link = html.escape(f"{base}{'&' if base != '?' else ''}centre=")
    items = shared.remember("centre list items", lambda: _centre_items(home), url_path=home.url_path)
    current = ' aria-current="true"'
    return mark_safe("".join(f'<li><a href="{link}{pk}"{current if pk == chosen else ""}{rest}' for pk, rest in items))


def _centre_items(home):
    """(centre id, its item after the link's address) for each of the district's centres, with
    its status now (district_statuses() tells pagecache.shared until when it holds)."""
    statuses = district_statuses(home)
    badges = {id(None): ""}  # most centres share their district's hours, and so one status object
    items = []
    for centre in district_centres(home):
        status = statuses.get(centre.pk)
        if id(status) not in badges:
            badges[id(status)] = format_html(BADGE, "open" if status.is_open else "closed", status.label)
        items.append((centre.pk, f">{html.escape(centre.title)}</a>{badges[id(status)]}</li>"))
    return items


def _search(guides, query, allowed=None):
    """Ids of `guides` that match `query`, best first, kept to the ids `allowed` (None: all); or
    ([], a message)."""
    if len(query) > text.MAX_QUERY_LENGTH:
        return [], TOO_LONG
    terms = text.query_terms(query)
    if not terms:
        return [], NOTHING_SEARCHABLE
    try:
        # Only the ids are kept: loading 1,000 whole guide pages cost more than the search itself.
        results = get_search_backend().search(Terms(terms), guides.only("pk"))
        ranked = [page.pk for page in results[:MAX_SEARCH_RESULTS]]
    except DatabaseError:
        return [], FAILED
    return [pk for pk in ranked if allowed is None or pk in allowed], ""
