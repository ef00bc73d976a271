"""What the catalogue lists, filters and counts of every live, public guide, kept in memory while
the district's pages stand (pagecache.shared).

Browsing 3,000 guides by category, life situation, centre, 可代办 or 正在营业 is then a pass over
small tuples, counting them is len(), and a page of 20 is drawn from the entries: a request reads
no guide from the database. Building the index takes five queries, after any change to the
district's pages or snippets.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

from pagecache import shared

from .models import LifeSituation, ServiceCategory, ServiceGuidePage, ServicePlace
from .models.guides import VISIT_LABELS


@dataclass(frozen=True)
class Entry:
    """A guide as the catalogue's list shows it and its filters test it."""

    pk: int
    title: str
    url: str
    category_id: int
    category_name: str
    promised_time_limit: str
    visits_label: str
    can_proxy: bool
    online: bool
    situations: frozenset
    centres: tuple  # the centres of its places, in their order
    place_labels: tuple  # every place's name, in order

    def open_now(self, statuses):
        """Offered now at one of its centres ({centre id: hours.Status})."""
        return any(statuses[c].is_open for c in self.centres if c in statuses)


@dataclass
class CatalogueIndex:
    entries: tuple  # in the catalogue's order: category, then title
    categories: list  # ServiceCategory rows with `guide_count`, in their order
    situations: list  # LifeSituation rows with `guide_count`

    @cached_property
    def by_pk(self):
        return {e.pk: e for e in self.entries}

    @cached_property
    def known(self):
        """The choices a filter may name: {field: {id: row}}."""
        return {"category": {c.pk: c for c in self.categories}, "situation": {s.pk: s for s in self.situations}}


def catalogue_index(catalogue, request=None):
    """The CatalogueIndex of `catalogue`, its URLs as `request` links to it (shared between
    requests: not to be changed)."""
    url = catalogue.get_url(request)
    return shared.remember(
        ("catalogue index", catalogue.pk, url), lambda: build(catalogue, url), url_path=catalogue.url_path
    )


def live_guides(catalogue):
    return ServiceGuidePage.objects.live().public().descendant_of(catalogue)


def build(catalogue, url):
    """The index, a guide's URL being the catalogue's `url` followed by the guide's own path."""
    guides = live_guides(catalogue)
    situations, centres, labels = defaultdict(set), defaultdict(list), defaultdict(list)
    through = ServiceGuidePage.life_situations.through.objects.filter(serviceguidepage__in=guides)
    for guide, situation in through.values_list("serviceguidepage_id", "lifesituation_id"):
        situations[guide].add(situation)
    places = ServicePlace.objects.filter(page__in=guides).order_by("page_id", "sort_order")
    for guide, centre, title, name in places.values_list("page_id", "centre_id", "centre__title", "name"):
        if centre:
            centres[guide].append(centre)
        labels[guide].append(title if centre else name)
    columns = ("pk", "title", "url_path", "category_id", "category__name", "promised_time_limit", "visits")
    rows = guides.order_by("category__order", "category__name", "title").values_list(
        *columns, "can_proxy", "online_url"
    )
    own_path = len(catalogue.url_path)
    entries = tuple(
        Entry(
            pk,
            title,
            url + url_path[own_path:],
            category,
            category_name,
            time_limit,
            VISIT_LABELS.get(visits, ""),
            proxy,
            bool(online),
            frozenset(situations[pk]),
            tuple(centres[pk]),
            tuple(labels[pk]),
        )
        for pk, title, url_path, category, category_name, time_limit, visits, proxy, online in rows
    )
    by_category = Counter(e.category_id for e in entries)
    by_situation = Counter(s for e in entries for s in e.situations)
    district = catalogue.district.pk
    return CatalogueIndex(
        entries,
        _counted(ServiceCategory.objects.filter(district_id=district), by_category),
        _counted(LifeSituation.objects.filter(district_id=district), by_situation),
    )


def _counted(rows, counts):
    rows = list(rows.order_by("order", "name"))
    for row in rows:
        row.guide_count = counts[row.pk]
    return rows
