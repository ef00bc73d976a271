"""15分钟服务圈: a district's centres ordered by distance from the resident's community or location.

Parameters come from a plain GET form (a community from a list) or from the optional
"use my location" button (lat, lng): every value is checked and a bad one becomes a friendly
message. A community is where its 社区党群服务中心 is (the centre linked to it, a community-level
one first). Queries: the centres' positions, their schedules (centres.schedules), the communities
and the pages of the centres shown: a fixed number whatever the number of centres, and page
objects only for the (at most 30) centres listed.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace

from pagecache import shared
from residents.finder import parse_id
from residents.matching import natural_key
from snippets.models import Community

from . import geo
from .opening import ListedCentre, open_now

CIRCLE_MINUTES = 15
MAX_RESULTS = 30


@dataclass
class Result:
    centre: object
    metres: float
    status: object

    @property
    def minutes(self):
        return geo.walking_minutes(self.metres)

    @property
    def distance(self):
        return geo.distance_text(self.metres)

    @property
    def in_circle(self):
        return self.minutes <= CIRCLE_MINUTES


@dataclass
class Nearby:
    communities: list = field(default_factory=list)  # [(street name, [community])] with a known position
    community: Community = None
    origin: tuple = None  # (lat, lng)
    from_location: bool = False
    open_only: bool = False
    results: list = field(default_factory=list)
    total: int = 0
    messages: list = field(default_factory=list)

    @property
    def in_circle(self):
        return [r for r in self.results if r.in_circle]

    @property
    def further(self):
        return [r for r in self.results if not r.in_circle]


@dataclass
class PlacedCentre(ListedCentre):
    """A centre as the distances and statuses need it, from eight columns."""

    level: str
    community_id: int
    latitude: Decimal
    longitude: Decimal

    FIELDS = (*ListedCentre.FIELDS, "level", "community_id", "latitude", "longitude")

    @property
    def has_position(self):
        return self.latitude is not None and self.longitude is not None


def parse_coordinate(raw):
    try:
        value = Decimal((raw or "").strip()[:20])
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def community_positions(centres):
    """{community id: (lat, lng)} from the centres linked to communities, community-level first."""
    positions = {}
    for centre in sorted(centres, key=lambda c: c.level != "community"):
        if centre.community_id and centre.has_position:
            positions.setdefault(centre.community_id, (centre.latitude, centre.longitude))
    return positions


def district_community_positions(home):
    """community_positions() of the live, public centres below `home`, from four columns of each
    (a district has hundreds of centres: page objects would cost more than the page using them),
    remembered while the district's pages stand (pagecache.shared)."""
    return shared.remember("community positions", lambda: _community_positions(home), url_path=home.url_path)


def _community_positions(home):
    from .models import ServiceCentrePage

    rows = (
        ServiceCentrePage.objects.live()
        .public()
        .descendant_of(home)
        .filter(community__isnull=False, latitude__isnull=False, longitude__isnull=False)
        .order_by("path")
        .values_list("level", "community_id", "latitude", "longitude")
    )
    return community_positions(
        SimpleNamespace(level=level, community_id=community, latitude=lat, longitude=lng, has_position=True)
        for level, community, lat, lng in rows
    )


def find(index, params, when=None):
    from .models import ServiceCentrePage

    district = index.district
    nearby = Nearby(open_only=params.get("open") == "1")
    rows = ServiceCentrePage.objects.child_of(index).live().public().order_by("path")
    centres = [PlacedCentre(*row) for row in rows.values_list(*PlacedCentre.FIELDS)]
    positions = community_positions(centres)
    communities = Community.objects.filter(district=district, pk__in=positions).select_related("street")
    by_street = {}
    for community in sorted(communities, key=lambda c: (natural_key(c.street.name), natural_key(c.name))):
        by_street.setdefault(community.street.name, []).append(community)
    nearby.communities = list(by_street.items())

    community_id, ok = parse_id(params.get("community"))
    if not ok:
        nearby.messages.append("社区编号不正确，请从列表中重新选择社区。")
    elif community_id is not None:
        nearby.community = next((c for c in communities if c.pk == community_id), None)
        if nearby.community is None:
            nearby.messages.append(f"没有找到这个社区的位置：它不属于{district.name}，或还没有登记社区党群服务中心。")
        else:
            nearby.origin = positions[community_id]

    if nearby.origin is None and ("lat" in params or "lng" in params):
        lat, lng = parse_coordinate(params.get("lat")), parse_coordinate(params.get("lng"))
        if lat is None or lng is None:
            nearby.messages.append("没有收到有效的位置，请从列表中选择您的社区。")
        elif not geo.in_china(lat, lng):
            nearby.messages.append("收到的位置不在中国境内，请从列表中选择您的社区。")
        else:
            nearby.origin, nearby.from_location = (lat, lng), True

    if nearby.origin is None:
        if "community" in params and not params.get("community") and not nearby.messages:
            nearby.messages.append("请先从列表中选择您住的社区。")
        return nearby
    placed = [c for c in centres if c.has_position]
    statuses = open_now(placed, when)
    results = []
    for centre in placed:
        status = statuses[centre.pk]
        if nearby.open_only and not status.is_open:
            continue
        metres = geo.haversine_m(*nearby.origin, centre.latitude, centre.longitude)
        results.append(Result(centre, metres, status))
    results.sort(key=lambda r: (r.metres, r.centre.title))
    nearby.total = len(results)
    nearby.results = results[:MAX_RESULTS]
    pages = ServiceCentrePage.objects.in_bulk([r.centre.pk for r in nearby.results])  # only those shown
    for result in nearby.results:
        result.centre = pages[result.centre.pk]
    return nearby
