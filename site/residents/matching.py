"""Finding a resident's grid by what they know: their 小区, their building, or a grid's name.

Names are compared by `importers.names.name_key`: simplified characters, half-width digits,
no spaces (蘭新小區３號樓 finds 兰新小区 3号楼). A grid's 覆盖小区和楼栋 text is read as the
estates it covers, each with the buildings given as numbers and ranges
("兰新小区1—6号楼、8号楼、石油小区"), so 兰新小区4号楼 finds that grid although the
text never spells out 4号楼.
"""

import re
from dataclasses import dataclass

from pypinyin import lazy_pinyin

from importers.names import name_key

MAX_QUERY_LENGTH = 40  # characters a resident may type; longer input is refused with a message

DASH = r"[—–\-~～至到－]"
SEPARATORS = re.compile(r"[、，,；;/\s]+")
BUILDING_WORDS = r"(?:号楼|号院|栋|幢|号|楼)"
# One piece of an area text: an estate name, then optionally buildings: "兰新小区1—6号楼", "8号楼", "石油小区".
AREA_PIECE = re.compile(rf"^(?P<estate>.*?)(?P<first>\d+)(?:{DASH}(?P<last>\d+))?{BUILDING_WORDS}?$")
# A resident's query naming a building: "兰新小区3号楼", "兰新3栋2单元", "兰新小区3号楼2单元501".
QUERY_BUILDING = re.compile(rf"^(?P<estate>\D+?)(?P<number>\d+){BUILDING_WORDS}?(?:\d+单元)?(?:\d+(?:室|号)?)?$")

# Scores: a grid named like the query first, then grids covering the estate or building, then
# every grid of a community named like the query.
NAME, AREA, COMMUNITY = 30, 20, 10


@dataclass(frozen=True)
class Place:
    """An estate a grid covers; `buildings` is None when it covers the whole estate."""

    estate: str
    buildings: tuple = None  # ((first, last), ...)

    def covers(self, number):
        return self.buildings is None or any(first <= number <= last for first, last in self.buildings)


def parse_area(area):
    """The places an area text names, in order; a bare "8号楼" belongs to the estate before it."""
    places = {}
    estate = ""
    for piece in SEPARATORS.split(name_key(area or "")):
        if not piece:
            continue
        match = AREA_PIECE.match(piece)
        if match is None:
            estate = piece
            places.setdefault(estate, None)
            continue
        estate = match["estate"] or estate
        if not estate:
            continue
        first = int(match["first"])
        last = int(match["last"] or first)
        ranges = places.get(estate) or ()
        places[estate] = (*ranges, (min(first, last), max(first, last)))
    return [Place(estate, ranges) for estate, ranges in places.items()]


@dataclass(frozen=True)
class Query:
    text: str  # normalised
    estate: str = ""  # when the query names a building
    number: int = None

    @classmethod
    def parse(cls, raw):
        text = name_key(raw or "")
        match = QUERY_BUILDING.match(text)
        if match and len(match["estate"]) >= 2:
            return cls(text, match["estate"], int(match["number"]))
        return cls(text)


def _same_estate(asked, known):
    return asked in known or known in asked


def score(query, grid, community_name):
    """How well `grid` matches `query` (0: not at all)."""
    if not query.text:
        return 0
    if query.text in name_key(grid.name):
        return NAME
    area = grid.area or ""
    if query.text in name_key(area):
        return AREA
    if query.number is not None and area:
        for place in parse_area(area):
            if _same_estate(query.estate, place.estate) and place.covers(query.number):
                return AREA
    if query.text in name_key(community_name):
        return COMMUNITY
    return 0


NUMERALS = "零一二三四五六七八九"
NUMBER_RUN = re.compile(r"(\d+|[零一二三四五六七八九十]+)")


def _chinese_number(text):
    """一 → 1, 十二 → 12, 二十三 → 23 (names count grids and buildings well below a hundred)."""
    if "十" not in text:
        return int("".join(str(NUMERALS.index(c)) for c in text))
    tens, _, units = text.partition("十")
    return (NUMERALS.index(tens[-1]) if tens else 1) * 10 + (NUMERALS.index(units[-1]) if units else 0)


def natural_key(name):
    """Order names as people count: 一网格, 二网格, 三网格…; 2号楼 before 10号楼; else by pinyin."""
    key = []
    for part in NUMBER_RUN.split(name or ""):
        if not part:
            continue
        if part[0].isdigit():
            key.append((0, int(part), ""))
        elif NUMBER_RUN.fullmatch(part):
            key.append((0, _chinese_number(part), ""))
        else:
            key.append((1, 0, " ".join(lazy_pinyin(part))))
    return key


def search(grids, raw_query):
    """The grids matching `raw_query`, best first: (grid, score) pairs.

    `grids` carry their community (select_related), so this costs no query.
    Among equal scores the most specific grid (三级 before 二级 before 一级) comes first.
    """
    query = Query.parse(raw_query)
    found = []
    for grid in grids:
        points = score(query, grid, grid.community.name)
        if points:
            found.append((grid, points))
    found.sort(
        key=lambda pair: (-pair[1], -pair[0].level, natural_key(pair[0].community.name), natural_key(pair[0].name))
    )
    return found
