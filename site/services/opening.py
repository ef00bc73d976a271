"""Which of the district's centres are open now, from centres.hours, for many centres at once
(centres.schedules loads every schedule in a fixed number of queries)."""

from centres import hours
from centres.models import ServiceCentrePage
from centres.schedules import attach_schedules


def centres_of(home):
    """The live, public centres of the district whose home page is `home`, in tree order."""
    if home is None:
        return []
    return list(ServiceCentrePage.objects.live().public().descendant_of(home).order_by("path"))


def open_now(centres, when=None):
    """{centre id: hours.Status} at `when` (default now)."""
    attach_schedules(centres)
    return {centre.pk: hours.status_at(centre, when) for centre in centres}


def place_statuses(places, when=None):
    """Give each place row its centre's `status` (None for a place without a centre)."""
    centres = list({p.centre.pk: p.centre for p in places if p.centre_id}.values())
    statuses = open_now(centres, when) if centres else {}
    for place in places:
        place.status = statuses.get(place.centre_id)
    return places
