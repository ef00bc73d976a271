"""The routes of a district's 党群服务中心 index page: the list, 15分钟服务圈 and the handbook."""

from django.http import Http404

from . import handbook as handbook_module
from . import hours
from . import nearby as nearby_module
from .models import LEVEL_CHOICES, LEVEL_ORDER
from .opening import district_centres, district_statuses


def centre_index(request, index):
    """Every centre, by level, each with whether it is open now (both remembered: centres.opening)."""
    home = index.district_home  # the index is the district's only one
    statuses = district_statuses(home)
    index_url = index.get_url(request)
    groups = {}
    for centre in sorted(district_centres(home), key=lambda c: LEVEL_ORDER.get(c.level, 99)):
        groups.setdefault(centre.level, []).append((centre, centre.url_below(index, index_url), statuses[centre.pk]))
    labels = dict(LEVEL_CHOICES)
    open_count = sum(1 for rows in groups.values() for _c, _url, status in rows if status.is_open)
    return index.render(
        request,
        context_overrides={
            "groups": [(labels[level], rows) for level, rows in groups.items()],
            "centre_count": sum(len(rows) for rows in groups.values()),
            "open_count": open_count,
            "now": hours.local(None),
        },
    )


def nearby(request, index):
    return index.render(
        request,
        template="centres/nearby.html",
        context_overrides={
            "nearby": nearby_module.find(index, request.GET, index_url=index.get_url(request)),
            "circle_minutes": nearby_module.CIRCLE_MINUTES,
            "metres_per_minute": nearby_module.geo.WALKING_METRES_PER_MINUTE,
        },
    )


def handbook(request, index, community_id=None):
    book = handbook_module.build(index, community_id)
    if book is None:
        raise Http404("没有这个社区")
    return index.render(
        request,
        template="centres/handbook.html",
        context_overrides={"book": book, "today": hours.local(None).date()},
    )
