"""Finding a grid by a 小区, a building or a name; counting grids the way people do; reading ids."""

from types import SimpleNamespace

import pytest

from residents.finder import parse_id
from residents.matching import AREA, COMMUNITY, NAME, Place, Query, natural_key, parse_area, score, search


def grid(name, area="", community="兰新社区", level=3):
    return SimpleNamespace(name=name, area=area, level=level, community=SimpleNamespace(name=community))


def test_area_is_read_as_estates_with_building_ranges():
    assert parse_area("兰新小区1—6号楼、8号楼、石油小区") == [
        Place("兰新小区", ((1, 6), (8, 8))),
        Place("石油小区", None),
    ]
    assert parse_area("玉门油田第2生活区3-5栋；建设小区 10～12号楼") == [
        Place("玉门油田第2生活区", ((3, 5),)),
        Place("建设小区", ((10, 12),)),
    ]
    assert parse_area("") == []


def test_traditional_and_full_width_area_text_is_normalised():
    assert parse_area("蘭新小區１—６號樓") == [Place("兰新小区", ((1, 6),))]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("兰新小区4号楼", AREA),  # inside the range 1—6
        ("兰新小区8栋", AREA),
        ("兰新4号楼2单元", AREA),  # part of the estate's name, a unit number
        ("蘭新小區４號樓", AREA),  # traditional, full-width digits
        ("石油小区25号楼", AREA),  # the whole estate
        ("兰新小区7号楼", 0),  # another grid's building
        ("兰新小区", AREA),
        ("第一网格", NAME),
        ("兰新社区", COMMUNITY),
        ("人民小区", 0),
        ("", 0),
    ],
)
def test_score(query, expected):
    assert score(Query.parse(query), grid("兰新第一网格", "兰新小区1—6号楼、8号楼、石油小区"), "兰新社区") == expected


def test_search_orders_names_first_and_small_grids_before_large():
    grids = [
        grid("兰新社区网格", "兰新小区、石油小区", level=1),
        grid("兰新第一网格", "兰新小区1—12号楼", level=2),
        grid("兰新第一网格1号楼院", "兰新小区1—6号楼", level=3),
        grid("兰新第一网格2号楼院", "兰新小区7—12号楼", level=3),
        grid("建设第一网格", "建设小区1—9号楼", community="建设社区"),
    ]
    names = [g.name for g, _ in search(grids, "兰新小区3号楼")]
    assert names == ["兰新第一网格1号楼院", "兰新第一网格", "兰新社区网格"]
    assert next(g.name for g, _ in search(grids, "建设")) == "建设第一网格"
    assert search(grids, "<script>alert(1)</script>") == []


def test_names_are_counted_as_people_count():
    names = ["文亭巷四网格", "文亭巷二网格", "文亭巷十一网格", "文亭巷一网格", "文亭巷三网格"]
    assert sorted(names, key=natural_key) == [
        "文亭巷一网格",
        "文亭巷二网格",
        "文亭巷三网格",
        "文亭巷四网格",
        "文亭巷十一网格",
    ]
    assert sorted(["10号楼院", "2号楼院", "1号楼院"], key=natural_key) == ["1号楼院", "2号楼院", "10号楼院"]
    assert sorted(["新市区街道", "玉门东镇", "老市区街道"], key=natural_key) == ["老市区街道", "新市区街道", "玉门东镇"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", (12, True)),
        (" 12 ", (12, True)),
        ("１２", (12, True)),  # full-width digits from a phone keyboard
        ("", (None, True)),
        (None, (None, True)),
        ("0", (None, False)),
        ("-3", (None, False)),
        ("12abc", (None, False)),
        ("1 OR 1=1", (None, False)),
        ("9" * 40, (None, False)),  # beyond any database integer
        ("٣", (None, False)),  # a digit of another script
        ("<script>", (None, False)),
    ],
)
def test_ids_from_the_query_string(raw, expected):
    assert parse_id(raw) == expected
