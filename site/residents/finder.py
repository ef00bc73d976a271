"""What the 我的网格员 page shows for a request: the choices so far, the grid and its contact cards.

Everything is looked up inside the page's district only, in a fixed number of queries
whatever the number of grids and workers. Parameters come from plain GET forms and
links, so anything may arrive in them: every value is checked, and a bad one becomes
a friendly message, never an error page.

Grid workers reach the template only as `ContactCard`s that carry public fields and
nothing else; their mobile and ID numbers are never even loaded.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.functional import cached_property
from wagtail.images import get_image_model

from snippets.models import Community, Grid, GridWorker, Street

from . import matching
from .matching import natural_key

MAX_ID_DIGITS = 12
MAX_RESULTS = 20
ROLE_ORDER = {role: index for index, role in enumerate(GridWorker.ROLES)}
CARD_FIELDS = ("id", "name", "role", "grid_id", "photo", "work_phone", "work_phone_public")


@dataclass(frozen=True)
class ContactCard:
    """A grid worker as residents see them: name, role, photo and work phone if public."""

    name: str
    role: str
    grid_name: str
    photo: object = None  # a Wagtail image, shown as a rendition
    phone: str = ""  # the work phone, only when marked public

    @property
    def phone_display(self):
        """139 0000 1024 for a mobile, so that it is easy to read aloud; a landline as written."""
        digits = re.sub(r"\D", "", self.phone)
        if len(digits) == 11 and digits.startswith("1"):
            return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
        return self.phone

    @property
    def phone_href(self):
        return "tel:" + re.sub(r"[^\d+]", "", self.phone) if self.phone else ""

    @property
    def initial(self):
        return self.name[:1]


@dataclass
class Message:
    text: str
    area: str  # "steps", "search" or "grid": where on the page it is shown


@dataclass
class Finder:
    district: object
    streets: list = field(default_factory=list)
    street: Street = None
    communities: list = field(default_factory=list)
    community: Community = None
    grids: list = field(default_factory=list)
    grid: Grid = None
    cards: list = field(default_factory=list)
    leader_cards: list = field(default_factory=list)  # 网格长 of the grids above
    query: str = ""
    searched: bool = False
    results: list = field(default_factory=list)
    result_count: int = 0
    messages: list = field(default_factory=list)
    auto_street: bool = False  # chosen because the district has only one street
    auto_community: bool = False

    def say(self, text, area="steps"):
        self.messages.append(Message(text, area))

    def messages_for(self, area):
        return [m.text for m in self.messages if m.area == area]

    @property
    def step_messages(self):
        return self.messages_for("steps")

    @property
    def search_messages(self):
        return self.messages_for("search")

    @property
    def grid_options(self):
        """The community's grids for a <select>: (group label, [(grid, label)]) by 一级/二级 grid."""
        by_parent = {}
        for grid in self.grids:
            by_parent.setdefault(grid.parent_id, []).append(grid)
        known = {g.pk for g in self.grids}
        groups, seen = [], set()

        def walk(grid, depth):
            seen.add(grid.pk)
            yield grid, f"{'　' * depth}{grid.name}（{grid.get_level_display()}）"
            for child in by_parent.get(grid.pk, []):
                if child.pk not in seen:
                    yield from walk(child, depth + 1)

        roots = [g for g in self.grids if g.parent_id is None or g.parent_id not in known]
        for root in roots:
            groups.extend(walk(root, 0))
        groups.extend((g, f"{g.name}（{g.get_level_display()}）") for g in self.grids if g.pk not in seen)
        return groups

    @cached_property
    def parents(self):
        """The grids above the chosen one, nearest first."""
        by_id = {g.pk: g for g in self.grids}
        chain, grid = [], self.grid
        while grid is not None and grid.parent_id in by_id and len(chain) < 3:
            grid = by_id[grid.parent_id]
            chain.append(grid)
        return chain

    @property
    def children(self):
        return [g for g in self.grids if self.grid and g.parent_id == self.grid.pk]

    @property
    def step(self):
        """The next choice to make: 1 street, 2 community, 3 grid, 4 done."""
        if self.grid:
            return 4
        if self.community:
            return 3
        if self.street:
            return 2
        return 1


def parse_id(raw):
    """(id, ok): (None, True) when absent, (None, False) when not a plausible id."""
    value = unicodedata.normalize("NFKC", raw or "").strip()
    if not value:
        return None, True
    if len(value) <= MAX_ID_DIGITS and value.isascii() and value.isdigit() and int(value) > 0:
        return int(value), True
    return None, False


def find(district, params):
    """The Finder for a district and the request's GET parameters."""
    finder = Finder(district=district)
    grid_id, grid_ok = parse_id(params.get("grid"))
    community_id, community_ok = parse_id(params.get("community"))
    street_id, street_ok = parse_id(params.get("street"))

    if not grid_ok:
        finder.say("网格编号不正确，请从下面的列表中重新选择网格。")
    elif grid_id is not None:
        finder.grid = Grid.objects.filter(district=district, pk=grid_id).select_related("community__street").first()
        if finder.grid is None:
            finder.say(f"没有找到这个网格：它可能已经调整，或者不属于{district.name}。请重新选择。")
        else:
            finder.community = finder.grid.community
            finder.street = finder.community.street

    if finder.community is None:
        if not community_ok:
            finder.say("社区编号不正确，请从下面的列表中重新选择社区。")
        elif community_id is not None:
            finder.community = (
                Community.objects.filter(district=district, pk=community_id).select_related("street").first()
            )
            if finder.community is None:
                finder.say(f"没有找到这个社区：它不属于{district.name}。请重新选择。")
            else:
                finder.street = finder.community.street

    finder.streets = sorted(Street.objects.filter(district=district), key=lambda s: natural_key(s.name))
    if finder.street is None:
        if not street_ok:
            finder.say("街道编号不正确，请从下面的列表中重新选择街道。")
        elif street_id is not None:
            finder.street = next((s for s in finder.streets if s.pk == street_id), None)
            if finder.street is None:
                finder.say(f"没有找到这个街道：它不属于{district.name}。请重新选择。")
        if finder.street is None and len(finder.streets) == 1:
            finder.street, finder.auto_street = finder.streets[0], True

    if finder.street is not None:
        communities = Community.objects.filter(district=district, street=finder.street)
        finder.communities = sorted(communities, key=lambda c: natural_key(c.name))
        if finder.community is None and len(finder.communities) == 1:
            finder.community, finder.auto_community = finder.communities[0], True

    if finder.community is not None:
        grids = Grid.objects.filter(district=district, community=finder.community)
        finder.grids = sorted(grids, key=lambda g: (g.level, natural_key(g.name)))
        if finder.grid is None and len(finder.grids) == 1:
            finder.grid = finder.grids[0]
            finder.grid.community = finder.community
        if not finder.grids:
            finder.say(f"{finder.community.name}还没有登记网格，请联系社区。")

    if finder.grid is not None:
        _load_cards(finder)

    if "q" in params:
        _search(finder, params.get("q", ""))
    return finder


def _load_cards(finder):
    grid = finder.grid
    above = [g.pk for g in finder.parents]
    renditions = get_image_model().get_rendition_model().objects.all()
    workers = (
        GridWorker.objects.filter(district=finder.district, is_active=True, grid_id__in=[grid.pk, *above])
        .only(*CARD_FIELDS)
        .select_related("photo")
        .prefetch_related(Prefetch("photo__renditions", queryset=renditions))
    )
    names = {grid.pk: grid.name, **{g.pk: g.name for g in finder.parents}}
    cards, leaders = [], []
    for worker in sorted(workers, key=lambda w: (ROLE_ORDER.get(w.role, 99), w.name)):
        card = ContactCard(
            name=worker.name,
            role=worker.role,
            grid_name=names.get(worker.grid_id, ""),
            photo=worker.photo,
            phone=worker.work_phone if worker.work_phone_public else "",
        )
        if worker.grid_id == grid.pk:
            cards.append(card)
        elif worker.role == "网格长":
            leaders.append(card)
    finder.cards, finder.leader_cards = cards, leaders


def _search(finder, raw):
    finder.searched = True
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        finder.say("请输入小区、楼栋或网格的名称，例如：兰新小区3号楼。", "search")
        return
    if len(text) > matching.MAX_QUERY_LENGTH:
        finder.say(
            f"输入的内容太长了（最多{matching.MAX_QUERY_LENGTH}个字）。请只输入小区名或楼栋号，例如：兰新小区3号楼。",
            "search",
        )
        return
    finder.query = text
    grids = Grid.objects.filter(district=finder.district).select_related("community__street")
    found = matching.search(grids, text)
    finder.result_count = len(found)
    finder.results = [grid for grid, _score in found[:MAX_RESULTS]]
    if not found:
        finder.say(
            f"没有找到与“{text}”相符的网格。可以少输几个字再试（例如只输入小区名），或按街道、社区逐级选择。",
            "search",
        )
