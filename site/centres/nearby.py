"""15分钟服务圈: a district's centres ordered by distance from the resident's community or location.

Parameters come from a plain GET form (a community from a list) or from the optional
"use my location" button (lat, lng): every value is checked and a bad one becomes a friendly
message. A community is where its 社区党群服务中心 is (the centre linked to it, a community-level
one first). The district's centres, their statuses and its communities are remembered
(centres.opening, pagecache.shared); a request reads the pages of the (at most 30) centres listed.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from pagecache import shared
from residents.finder import parse_id
from residents.matching import natural_key
from snippets.models import Community

from . import geo
from .opening import district_centres, district_statuses

CIRCLE_MINUTES = 15
MAX_RESULTS = 30


@dataclass
class Result:
    centre: object  # an opening.ListedCentre
    metres: float
    status: object
    url: str

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
    """community_positions() of the district's live, public centres (remembered with them)."""
    return shared.remember(
        "community positions", lambda: community_positions(district_centres(home)), url_path=home.url_path
    )


def district_communities(home):
    """[(street name, [community])] of the district's communities with a known position, in
    natural order, remembered while the district's pages stand (pagecache.shared)."""
    return shared.remember("communities by street", lambda: _communities_by_street(home), url_path=home.url_path)


def _communities_by_street(home):
    positions = district_community_positions(home)
    communities = Community.objects.filter(district_id=home.district_id, pk__in=positions).select_related("street")
    by_street = {}
    for community in sorted(communities, key=lambda c: (natural_key(c.street.name), natural_key(c.name))):
        by_street.setdefault(community.street.name, []).append(community)
    return list(by_street.items())


def community_in(communities, pk):
    """The community `pk` of district_communities(), or None."""
    return next((c for _street, members in communities for c in members if c.pk == pk), None)


def find(index, params, when=None, index_url=None):
    """The Nearby for `params`; centres' URLs start from `index_url`, the index's URL as the
    request links to it (default: its URL on its own site)."""
    district = index.district
    nearby = Nearby(open_only=params.get("open") == "1")
    home = index.district_home  # the index is the district's only one
    positions = district_community_positions(home)
    nearby.communities = district_communities(home)

    community_id, ok = parse_id(params.get("community"))
    if not ok:
        nearby.messages.append("社区编号不正确，请从列表中重新选择社区。")
    elif community_id is not None:
        nearby.community = community_in(nearby.communities, community_id)
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
    placed = [c for c in district_centres(home) if c.has_position]
    statuses = district_statuses(home, when)
    results = []
    for centre in placed:
        status = statuses[centre.pk]
        if nearby.open_only and not status.is_open:
            continue
        metres = geo.haversine_m(*nearby.origin, centre.latitude, centre.longitude)
        results.append(Result(centre, metres, status, ""))
    results.sort(key=lambda r: (r.metres, r.centre.title))
    nearby.total = len(results)
    nearby.results = results[:MAX_RESULTS]
    index_url = index_url or index.url
    for result in nearby.results:  # only those shown
        result.url = result.centre.url_below(index, index_url)
    return nearby
