"""Browsing the catalogue: by category, life situation and centre, the 可代办 and 正在营业 filters,
the district's Chinese search scoped to its services, and pages of 20.

Every choice is a GET parameter, so each view is a plain link that works without JavaScript and
can be shared. Queries per request are a fixed handful however many guides the district has:
the choices (one query each, counts included), the centres' opening status (centres.hours, in
bulk), the search (one), the count and the page of guides, and one per related list on that page.
"""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import Count, Q, prefetch_related_objects
from wagtail.search.backends import get_search_backend

from search import text
from search.backend import Terms
from search.views import FAILED, NOTHING_SEARCHABLE, TOO_LONG, clean_query

from .models import LifeSituation, ServiceCategory, ServiceGuidePage

PER_PAGE = 20
MAX_SEARCH_RESULTS = 1000  # the best matches kept for filtering; nobody pages through more
BAD_FILTER = "有的筛选条件无效，已忽略。"


class CatalogueForm(forms.Form):
    q = forms.CharField(label="搜索办事服务", required=False)
    category = forms.TypedChoiceField(label="服务类别", required=False, coerce=int, empty_value=None)
    situation = forms.TypedChoiceField(label="生活情境", required=False, coerce=int, empty_value=None)
    centre = forms.TypedChoiceField(label="服务中心", required=False, coerce=int, empty_value=None)
    proxy = forms.BooleanField(label="只看可代办", required=False)
    open = forms.BooleanField(label="只看现在能办（服务中心正在营业）", required=False)

    def __init__(self, data, categories, situations, centres):
        super().__init__(data)
        self.fields["category"].choices = [("", "全部类别")] + [(c.pk, c.name) for c in categories]
        self.fields["situation"].choices = [("", "全部情境")] + [(s.pk, s.name) for s in situations]
        self.fields["centre"].choices = [("", "全部服务中心")] + [(c.pk, c.title) for c in centres]

    def value(self, name):
        """A field's clean value; an invalid one (typed by hand, hostile) counts as not given."""
        if name in self.errors:
            return None
        return self.cleaned_data.get(name)


def _counted(model, catalogue):
    """The district's rows of `model` with the number of live guides in the catalogue (one query)."""
    in_catalogue = Q(guides__live=True, guides__path__startswith=catalogue.path)
    return list(
        model.objects.filter(district_id=catalogue.district.pk)
        .annotate(guide_count=Count("guides", filter=in_catalogue, distinct=True))
        .order_by("order", "name")
    )


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
    from .opening import centres_of, open_now

    categories = _counted(ServiceCategory, catalogue)
    situations = _counted(LifeSituation, catalogue)
    centres = centres_of(catalogue.district_home)
    statuses = open_now(centres)
    form = CatalogueForm(request.GET, categories, situations, centres)
    form.is_valid()
    message = BAD_FILTER if form.errors else ""

    base = ServiceGuidePage.objects.live().public().descendant_of(catalogue)
    guides = base
    chosen = {}
    joined = False  # filtering through a many-valued relation repeats a guide once per match
    if (category := form.value("category")) is not None:
        guides = guides.filter(category_id=category)
        chosen["category"] = next(c for c in categories if c.pk == category)
    if (situation := form.value("situation")) is not None:
        guides = guides.filter(life_situations=situation)
        joined = True
        chosen["situation"] = next(s for s in situations if s.pk == situation)
    if (centre := form.value("centre")) is not None:
        guides = guides.filter(places__centre_id=centre)
        joined = True
        chosen["centre"] = next(c for c in centres if c.pk == centre)
    if form.value("proxy"):
        guides = guides.filter(can_proxy=True)
    if form.value("open"):
        guides = guides.filter(places__centre_id__in=[pk for pk, status in statuses.items() if status.is_open])
        joined = True
    if joined:
        guides = guides.distinct()  # only then: DISTINCT over every page column costs as much as the rest

    query = clean_query(request.GET.get("q", ""))
    params = {k: v for k, v in request.GET.items() if k in form.fields and k not in form.errors and v}
    if query:
        params["q"] = query[: text.MAX_QUERY_LENGTH]
    else:
        params.pop("q", None)
    ids, search_message = _search(base, guides, query) if query else (None, "")
    message = search_message or message

    if ids is None:
        ordered = guides.select_related("category").order_by("category__order", "category__name", "title")
        page_obj = Paginator(ordered, PER_PAGE).get_page(request.GET.get("page"))
        items = list(page_obj.object_list)
    else:
        page_obj = Paginator(ids, PER_PAGE).get_page(request.GET.get("page"))
        found = ServiceGuidePage.objects.select_related("category").in_bulk(list(page_obj.object_list))
        items = [found[pk] for pk in page_obj.object_list if pk in found]
    prefetch_related_objects(items, "places__centre", "places__window")
    for guide in items:
        guide.open_now = any(statuses[p.centre_id].is_open for p in guide.places.all() if p.centre_id in statuses)

    def page_link(number):
        return _link(params) + ("&" if params else "") + urlencode({"page": number})

    return {
        "filter_form": form,
        "query": params.get("q", ""),
        "message": message,
        "categories": [(c, _link(params, category=c.pk), c.pk == category) for c in categories if c.guide_count],
        "situations": [(s, _link(params, situation=s.pk), s.pk == situation) for s in situations if s.guide_count],
        "centres": [(c, _link(params, centre=c.pk), c.pk == centre, statuses.get(c.pk)) for c in centres],
        "chosen": [(key, value, _link(params, **{key: None})) for key, value in chosen.items()],
        "proxy_link": _link(params, proxy=None if form.value("proxy") else "1"),
        "open_link": _link(params, open=None if form.value("open") else "1"),
        "proxy_on": bool(form.value("proxy")),
        "open_on": bool(form.value("open")),
        "clear_link": "?",
        "guides": items,
        "page_obj": page_obj,
        "count": page_obj.paginator.count,
        "previous_url": page_link(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        "next_url": page_link(page_obj.next_page_number()) if page_obj.has_next() else "",
        "filtered": bool(params),
    }


def _search(base, guides, query):
    """Ids of the guides that match `query`, best first, among `guides` (`base` filtered); or ([], a message)."""
    if len(query) > text.MAX_QUERY_LENGTH:
        return [], TOO_LONG
    terms = text.query_terms(query)
    if not terms:
        return [], NOTHING_SEARCHABLE
    try:
        # Only the ids are kept: loading 1,000 whole guide pages cost more than the search itself.
        results = get_search_backend().search(Terms(terms), base.only("pk"))
        ranked = [page.pk for page in results[:MAX_SEARCH_RESULTS]]
    except DatabaseError:
        return [], FAILED
    allowed = set(guides.filter(pk__in=ranked).values_list("pk", flat=True)) if ranked else set()
    return [pk for pk in ranked if pk in allowed], ""
