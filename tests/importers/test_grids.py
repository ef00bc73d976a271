"""The `grids` dataset: streets and communities created, parents by code in the file and in the
database, a parent of another community refused, the level rules, and the update rules."""

import pytest

from snippets.models import Community, Grid, Street

from . import files
from .conftest import snapshot

pytestmark = pytest.mark.django_db

HEADER = [
    "序号",
    "所属街道*",
    "所属社区*",
    "网格名称*",
    "网格编号",
    "网格层级",
    "上级网格编号",
    "覆盖户数",
    "网格党支部",
]


def grids_file(tmp_path, rows, header=HEADER, name="grids.xlsx", title=True):
    table = ([["玉门市社区网格划分表"] + [None] * (len(header) - 1)] if title else []) + [header, *rows]
    return files.xlsx(tmp_path / name, table, merges=[f"A1:{files.cell_name(1, len(header))}"] if title else ())


def errors_of(result):
    return {(e["row"], e["column"]): e["message"] for e in result.errors}


@pytest.fixture
def lanxin(yumen_places):
    communities, grids = yumen_places
    return communities["兰新社区"], grids["兰新社区网格"], grids["兰新第一网格"], grids["兰新第一网格1号楼院"]


NEW_PLACES = [
    [1, "试点新区街道", "试点东风社区", "东风社区网格", "DF-1", "一级", "", "", "东风社区党委"],
    [2, "试点新区街道", "试点东风社区", "东风第一网格", "DF-1-1", "二级", "DF-1", "", "东风第一网格联合党支部"],
    [3, "试点新区街道", "试点东风社区", "东风第一网格1号院", "DF-1-1-1", "三级", "DF-1-1", 420, "1号院党支部"],
    [4, "试点新区街道", "试点东风社区", "东风第一网格2号院", "DF-1-1-2", 3, "DF-1-1", "380", ""],
]


def test_new_streets_communities_and_a_grid_tree_with_parents_in_the_file(run, tmp_path, yumen):
    # children before their parents in the file: parents are written first anyway
    result = run("grids", grids_file(tmp_path, list(reversed(NEW_PLACES))))
    assert result.code == 0, result.errors
    report = result.report
    assert (report["rows"], report["created"], report["errors"]) == (4, 4, [])
    assert report["ignored_columns"] == ["序号"]
    street = Street.objects.get(district=yumen, name="试点新区街道")
    community = Community.objects.get(district=yumen, name="试点东风社区")
    assert community.street == street
    assert street.import_batch_id == community.import_batch_id == report["batch"]
    grids = {g.code: g for g in Grid.objects.filter(community=community)}
    assert {c: (g.level, g.parent.code if g.parent else None) for c, g in grids.items()} == {
        "DF-1": (1, None),
        "DF-1-1": (2, "DF-1"),
        "DF-1-1-1": (3, "DF-1-1"),
        "DF-1-1-2": (3, "DF-1-1"),
    }
    assert grids["DF-1-1-1"].households == 420 and grids["DF-1-1-2"].households == 380
    assert all(g.district == yumen for g in grids.values())
    # the same file again: all unchanged
    again = run("grids", grids_file(tmp_path, NEW_PLACES, name="again.xlsx")).report
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 4)


def test_parent_by_code_in_the_database(run, tmp_path, lanxin):
    community, _top, second, _third = lanxin
    rows = [[1, "新市区街道", "兰新社区", "兰新测试网格甲", "LX-NEW", "三级", second.code, 350, ""]]
    result = run("grids", grids_file(tmp_path, rows))
    assert result.code == 0, result.errors
    grid = Grid.objects.get(code="LX-NEW")
    assert (grid.community, grid.parent, grid.level) == (community, second, 3)


def test_parent_in_another_community_is_refused(run, tmp_path, lanxin):
    _community, _top, second, _third = lanxin
    rows = [[1, "新市区街道", "建设社区", "建设第二网格", "JS-2", "三级", second.code, "", ""]]
    before = snapshot()
    result = run("grids", grids_file(tmp_path, rows))
    assert result.code == 1
    assert errors_of(result) == {(3, "上级网格编号"): f"上级网格“{second.code}”属于另一个社区"}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("level", "parent", "column", "message"),
    [
        ("三级", "top", "上级网格编号", "三级网格的上级应是二级网格"),
        ("二级", "third", "上级网格编号", "二级网格的上级应是一级网格"),
        ("一级", "top", "上级网格编号", "一级网格的上级应是（无）网格"),
        ("四级", "", "网格层级", "网格层级应为 一级、二级 或 三级"),
        ("三级", "NO-SUCH-CODE", "上级网格编号", "上级网格编号“NO-SUCH-CODE”在本行政区和本表中都不存在"),
    ],
)
def test_level_rules(run, tmp_path, lanxin, level, parent, column, message):
    _community, top, _second, third = lanxin
    code = {"top": top.code, "third": third.code}.get(parent, parent)
    rows = [[1, "新市区街道", "兰新社区", "兰新测试网格", "LX-T", level, code, "", ""]]
    result = run("grids", grids_file(tmp_path, rows))
    assert result.code == 1
    assert errors_of(result) == {(3, column): message}


def test_a_grid_cannot_be_its_own_parent(run, tmp_path):
    rows = [[1, "新市区街道", "兰新社区", "兰新自指网格", "LX-SELF", "二级", "LX-SELF", "", ""]]
    assert list(errors_of(run("grids", grids_file(tmp_path, rows))).values()) == ["二级网格的上级应是一级网格"]


def test_community_under_another_street_is_refused(run, tmp_path):
    rows = [[1, "试点新区街道", "兰新社区", "兰新新网格", "", "三级", "", "", ""]]
    assert errors_of(run("grids", grids_file(tmp_path, rows))) == {
        (3, "所属街道*"): "社区“兰新社区”属于街道“新市区街道”，与表中的街道不一致"
    }


def test_traditional_names_find_the_stored_street_community_and_grid(run, tmp_path, lanxin):
    community, _top, second, _third = lanxin
    rows = [[1, "新市區街道", "蘭新社區", "蘭新第一網格", "", "", "", 999, ""]]
    report = run("grids", grids_file(tmp_path, rows)).report
    assert report["errors"] == []
    assert (report["created"], report["updated"]) == (0, 1)
    second.refresh_from_db()
    assert (second.households, second.name, second.community) == (999, "兰新第一网格", community)


def test_missing_optional_columns_and_blank_cells_keep_level_and_parent(run, tmp_path, lanxin):
    """A file with only street, community, name and households: levels and parents stay as stored."""
    _community, top, second, third = lanxin
    header = ["所属街道", "所属社区", "网格名称", "网格层级", "上级网格编号", "覆盖户数"]
    rows = [
        ["新市区街道", "兰新社区", "兰新第一网格", "", "", ""],
        ["新市区街道", "兰新社区", "兰新第一网格1号楼院", "", None, 321],
    ]
    before = {g.pk: (g.level, g.parent_id, g.code) for g in (top, second, third)}
    report = run("grids", grids_file(tmp_path, rows, header=header)).report
    assert report["errors"] == []
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 1, 1)
    after = {g.pk: (g.level, g.parent_id, g.code) for g in Grid.objects.filter(pk__in=before)}
    assert after == before
    third.refresh_from_db()
    assert third.households == 321


def test_grid_without_level_is_created_as_level_three(run, tmp_path, lanxin):
    _community, _top, second, _third = lanxin
    header = ["所属街道", "所属社区", "网格名称", "上级网格编号"]
    rows = [["新市区街道", "兰新社区", "兰新测试网格乙", second.code]]
    report = run("grids", grids_file(tmp_path, rows, header=header)).report
    assert report["errors"] == [] and report["created"] == 1
    grid = Grid.objects.get(name="兰新测试网格乙")
    assert (grid.level, grid.parent) == (3, second)


def test_duplicate_codes_in_a_file_are_both_errors(run, tmp_path):
    rows = [
        [1, "新市区街道", "建设社区", "建设第二网格", "JS-X", "三级", "", "", ""],
        [2, "新市区街道", "建设社区", "建设第三网格", "JS-X", "三级", "", "", ""],
    ]
    result = run("grids", grids_file(tmp_path, rows))
    assert errors_of(result) == {(3, "网格编号"): "与第4行重复", (4, "网格编号"): "与第3行重复"}


def test_duplicate_names_in_a_community_are_both_errors(run, tmp_path):
    rows = [
        [1, "新市区街道", "建设社区", "建设第二网格", "", "三级", "", "", ""],
        [2, "新市区街道", "建设社区", "建设 第二网格", "", "三级", "", "", ""],
    ]
    result = run("grids", grids_file(tmp_path, rows))
    assert errors_of(result) == {(3, "网格名称*"): "与第4行重复", (4, "网格名称*"): "与第3行重复"}


def test_a_new_code_for_a_grid_name_already_stored_is_an_error_not_a_crash(run, tmp_path, lanxin):
    """兰新第一网格 is stored with its code; a row names it with another code: the key (the code) says
    it is a new grid, and the community already has one of that name."""
    rows = [[1, "新市区街道", "兰新社区", "兰新第一网格", "ANOTHER-CODE", "二级", "", "", ""]]
    before = snapshot()
    result = run("grids", grids_file(tmp_path, rows))
    assert result.code == 1
    [(key, message)] = errors_of(result).items()
    assert key[0] == 3 and "兰新第一网格" in message
    assert snapshot() == before


def test_two_rows_one_with_a_code_one_without_naming_the_same_new_grid(run, tmp_path):
    rows = [
        [1, "新市区街道", "建设社区", "建设第九网格", "JS-9", "三级", "", "", ""],
        [2, "新市区街道", "建设社区", "建设第九网格", "", "三级", "", "", ""],
    ]
    before = snapshot()
    result = run("grids", grids_file(tmp_path, rows))
    assert result.code == 1
    assert {row for row, _column in errors_of(result)} >= {4}
    assert snapshot() == before


def test_households_must_be_a_whole_number(run, tmp_path):
    rows = [
        [1, "新市区街道", "建设社区", "建设第二网格", "", "三级", "", "四百", ""],
        [2, "新市区街道", "建设社区", "建设第三网格", "", "三级", "", "1,200", ""],
        [3, "新市区街道", "建设社区", "建设第四网格", "", "三级", "", "350.5", ""],
    ]
    assert errors_of(run("grids", grids_file(tmp_path, rows))) == {
        (3, "覆盖户数"): "应为数字",
        (5, "覆盖户数"): "应为整数",
    }


def test_codes_typed_as_numbers_and_full_width_text(run, tmp_path, yumen):
    """Excel keeps 101 as a number; another sheet writes the same code in full-width digits."""
    rows = [
        [1, "\u3000试点新区街道\u3000", "试点数字社区", "数字社区网格", 101, "一级", "", "", ""],
        [2, "试点新区街道", "试点数字社区", "数字第一网格", 10101.0, "二级", "１０１", "", ""],
        [3, "试点新区街道", "试点数字社区", "数字第一网格1号院", "10101-1", "三级", 10101, "４２０", ""],
    ]
    result = run("grids", grids_file(tmp_path, rows))
    assert result.code == 0, result.errors
    grids = {g.code: g for g in Grid.objects.filter(district=yumen, community__name="试点数字社区")}
    assert grids["10101"].parent == grids["101"]
    assert grids["10101-1"].parent == grids["10101"]
    assert grids["10101-1"].households == 420
    assert Street.objects.filter(district=yumen, name="试点新区街道").count() == 1


def test_a_stored_grid_moved_to_a_new_community_by_its_code(run, tmp_path, lanxin):
    """Found by the fuzz test: the grid matched by code, its community new in the file (a crash before)."""
    _community, top, _second, _third = lanxin
    rows = [[1, "新市区街道", "兰新新建社区", top.name, top.code, "一级", "", "", ""]]
    result = run("grids", grids_file(tmp_path, rows))
    assert result.code == 0, result.errors
    assert (result.report["created"], result.report["updated"]) == (0, 1)
    top.refresh_from_db()
    assert top.community.name == "兰新新建社区" and top.community.street.name == "新市区街道"
