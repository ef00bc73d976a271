"""Which of a district's centres, and of a guide's places, are open now (centres.opening)."""

from centres.models import ServiceCentrePage
from centres.opening import ListedCentre, open_now


def centres_of(home):
    """The live, public centres of the district whose home page is `home`, in tree order."""
    if home is None:
        return []
    centres = ServiceCentrePage.objects.live().public().descendant_of(home).order_by("path")
    return [ListedCentre(*row) for row in centres.values_list(*ListedCentre.FIELDS)]


def place_statuses(places, when=None):
    """Give each place row its centre's `status` (None for a place without a centre)."""
    centres = list({p.centre.pk: p.centre for p in places if p.centre_id}.values())
    statuses = open_now(centres, when) if centres else {}
    for place in places:
        place.status = statuses.get(place.centre_id)
    return places
