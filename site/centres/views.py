"""The routes of a district's 党群服务中心 index page: the list, 15分钟服务圈 and the handbook."""

from django.http import Http404

from . import handbook as handbook_module
from . import hours
from . import nearby as nearby_module
from .models import LEVEL_CHOICES, LEVEL_ORDER
from .schedules import attach_schedules


def centre_index(request, index):
    """Every centre, by level, each with whether it is open now."""
    centres = list(index.centres().select_related("community").order_by("path"))
    attach_schedules(centres)
    when = hours.local(None)
    groups = {}
    for centre in sorted(centres, key=lambda c: LEVEL_ORDER.get(c.level, 99)):
        groups.setdefault(centre.level, []).append((centre, hours.status_at(centre, when)))
    labels = dict(LEVEL_CHOICES)
    open_count = sum(1 for rows in groups.values() for _c, status in rows if status.is_open)
    return index.render(
        request,
        context_overrides={
            "groups": [(labels[level], rows) for level, rows in groups.items()],
            "centre_count": len(centres),
            "open_count": open_count,
            "now": when,
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
