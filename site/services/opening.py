"""Which of a guide's places are open now (centres.opening)."""

from centres.opening import district_statuses, open_now


def place_statuses(places, home=None, when=None):
    """Give each place row its centre's `status` (None for a place without a centre). The statuses
    of the district whose home is `home` are remembered; a centre not among them (not live) is
    worked out on its own."""
    statuses = district_statuses(home, when) if home is not None else {}
    others = list({p.centre.pk: p.centre for p in places if p.centre_id and p.centre_id not in statuses}.values())
    if others:
        statuses = {**statuses, **open_now(others, when)}
    for place in places:
        place.status = statuses.get(place.centre_id)
    return places
