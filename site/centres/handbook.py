"""便民服务手册: everything a resident keeps by the phone, for a district or one community —
centres with their hours and phones, the year's holidays, key services, grid workers' public
contacts and emergency numbers. Grid workers are loaded with their public fields only."""

from dataclasses import dataclass, field

from django.apps import apps

from residents.matching import natural_key
from snippets.models import Community, GridWorker

from . import geo, hours
from .nearby import community_positions
from .schedules import attach_schedules

GUIDES_PER_CATEGORY = 6
NEARBY_OTHERS = 6
ROLE_ORDER = {role: number for number, role in enumerate(GridWorker.ROLES)}


@dataclass
class CentreEntry:
    centre: object
    week: list  # week_summary lines
    windows: list


@dataclass
class Contact:
    community: str
    grid: str
    name: str
    role: str
    phone: str  # the work phone, only when public

    @property
    def tel(self):
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+") if self.phone else ""


@dataclass
class Handbook:
    district: object
    index: object
    community: Community = None
    centres: list = field(default_factory=list)
    holidays: list = field(default_factory=list)
    workdays: list = field(default_factory=list)
    services: list = field(default_factory=list)  # [(category name, [guide])]
    contacts: list = field(default_factory=list)  # [(community name, [Contact])]
    communities: list = field(default_factory=list)  # for the per-community links
    emergency: list = field(default_factory=list)
    year: int = None

    @property
    def title(self):
        return f"{self.community.name}便民服务手册" if self.community else f"{self.district.name}便民服务手册"


def build(index, community_id=None, when=None):
    """The Handbook of the index page's district, or of one of its communities (None if unknown)."""
    from .models import LEVEL_ORDER, ServiceCentrePage

    district = index.district
    today = hours.local(when).date()
    book = Handbook(district=district, index=index, year=today.year)
    centres = list(
        ServiceCentrePage.objects.child_of(index)
        .live()
        .public()
        .select_related("community")
        .prefetch_related("windows")
        .order_by("path")
    )
    communities = list(Community.objects.filter(district=district).select_related("street"))
    book.communities = sorted(communities, key=lambda c: (natural_key(c.street.name), natural_key(c.name)))
    if community_id is not None:
        book.community = next((c for c in communities if c.pk == community_id), None)
        if book.community is None:
            return None
        centres = _for_community(book.community, centres)
    else:
        centres.sort(key=lambda c: (LEVEL_ORDER.get(c.level, 99), natural_key(c.title)))
    attach_schedules(centres)
    for centre in centres:
        schedule = centre.schedule()
        week = hours.week_summary(schedule.weekly_for(today))
        book.centres.append(CentreEntry(centre, week, list(centre.windows.all())))
    _calendar(book, centres, today)
    book.services = _services(index, book.community, centres)
    book.contacts = _contacts(district, book.community)
    book.emergency = list(index.emergency_numbers.all())
    return book


def _for_community(community, centres):
    """The community's own centres first, then the nearest others (街道/区县/市级 centres, 驿站…)."""
    own = [c for c in centres if c.community_id == community.pk]
    origin = community_positions(centres).get(community.pk)
    others = [c for c in centres if c.community_id != community.pk and c.has_position]
    if origin is None:
        return own
    others.sort(key=lambda c: geo.haversine_m(*origin, c.latitude, c.longitude))
    return own + others[:NEARBY_OTHERS]


def _calendar(book, centres, today):
    """This year's holidays and make-up days still to come (the district calendar's)."""
    for centre in centres[:1]:
        calendar = centre.schedule().calendars.get(today.year)
        if calendar:
            book.holidays = [h for h in calendar.holidays if h.end >= today]
            book.workdays = sorted(
                (day, hours.WEEKDAYS[day.weekday()], hours.WEEKDAYS[weekday])
                for day, weekday in calendar.workdays.items()
                if day >= today
            )


def _services(index, community, centres):
    """Key services by category: the guides offered at these centres (for a community), else the
    district's, a few per category. Empty while the services app is not installed."""
    if not apps.is_installed("services"):
        return []
    guide_model = apps.get_model("services", "ServiceGuidePage")
    guides = (
        guide_model.objects.live()
        .public()
        .descendant_of(index.district_home)
        .select_related("category")
        .only("title", "url_path", "category__name", "category__order", "consult_phone", "can_proxy")
        .order_by("category__order", "category__name", "path")
    )
    if community is not None:
        guides = guides.filter(places__centre__in=[c.pk for c in centres]).distinct()
    grouped = {}
    for guide in guides:
        rows = grouped.setdefault(guide.category.name, [])
        if len(rows) < GUIDES_PER_CATEGORY:
            rows.append(guide)
    return list(grouped.items())


def _contacts(district, community):
    workers = (
        GridWorker.objects.filter(district=district, is_active=True)
        .select_related("community", "grid")
        .only("name", "role", "work_phone", "work_phone_public", "community__name", "grid__name")
    )
    if community is not None:
        workers = workers.filter(community=community)
    grouped = {}
    ordered = sorted(
        workers,
        key=lambda w: (
            natural_key(w.community.name),
            natural_key(w.grid.name if w.grid else ""),
            ROLE_ORDER.get(w.role, 99),
            w.name,
        ),
    )
    for worker in ordered:
        grouped.setdefault(worker.community.name, []).append(
            Contact(
                community=worker.community.name,
                grid=worker.grid.name if worker.grid else "",
                name=worker.name,
                role=worker.role,
                phone=worker.work_phone if worker.work_phone_public else "",
            )
        )
    return list(grouped.items())
