"""离我最近的办理地点: a guide's places ordered by distance from the resident's community, the
nearest one open now named first. A plain GET form (no JavaScript, no location needed); positions
are those the centres app gives communities (centres.nearby), which remembers them."""

from centres import geo
from centres.nearby import community_in, district_communities, district_community_positions
from residents.finder import parse_id


class Nearest:
    def __init__(self):
        self.communities = []  # [(street name, [community])] with a known position
        self.community = None
        self.message = ""
        self.best = None  # the nearest place open now


def order_places(home, places, params):
    """Sort `places` (with their `status`) by distance from the chosen community; returns a Nearest."""
    nearest = Nearest()
    if home is None or not any(p.centre_id for p in places):
        return nearest
    positions = district_community_positions(home)
    nearest.communities = district_communities(home)

    community_id, ok = parse_id(params.get("community"))
    if not ok:
        nearest.message = "社区编号不正确，请从列表中重新选择社区。"
        return nearest
    if community_id is None:
        return nearest
    nearest.community = community_in(nearest.communities, community_id)
    if nearest.community is None:
        nearest.message = "没有找到这个社区的位置，请从列表中重新选择社区。"
        return nearest
    origin = positions[community_id]
    for place in places:
        centre = place.centre if place.centre_id else None
        place.metres = None
        if centre is not None and centre.has_position:
            place.metres = geo.haversine_m(*origin, centre.latitude, centre.longitude)
            place.distance = geo.distance_text(place.metres)
            place.minutes = geo.walking_minutes(place.metres)
    places.sort(key=lambda p: (p.metres is None, p.metres or 0))
    nearest.best = next((p for p in places if p.metres is not None and p.status and p.status.is_open), None)
    if nearest.best is None:
        nearest.message = "这项服务的办理地点现在都不在营业时间，下面按距离列出，并写明何时开门。"
    return nearest
