"""`import_data` against the spec: messy rosters in every file type, the JSON report, exit codes,
update rules, --dry-run, --skip-errors, --sync, and an import killed halfway."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from importers.models import ImportBatch, ImportChange
from snippets.models import CommunityWorker, GridWorker, PartyCheckin, Volunteer, VolunteerTeam

from . import files
from .conftest import SPEC_KEYS, run_import, snapshot

pytestmark = pytest.mark.django_db

MOBILES = ["13909712345", "13909712346", "13909712347", "13909712348"]


def messy_roster(tmp_path, kind="xlsx", people=files.GRID_WORKERS, name="roster"):
    return files.roster(
        tmp_path / name, kind, files.grid_worker_rows(people), merges=["A1:I1", f"F4:F{3 + min(len(people), 3)}"]
    )


def people(*mobiles):
    return {p.mobile: p for p in GridWorker.objects.filter(mobile__in=mobiles or MOBILES)}


# -- every file type, the same result ---------------------------------------------------------


@pytest.mark.parametrize("kind", files.KINDS)
def test_messy_roster_in_every_file_type(run, tmp_path, kind, yumen_places):
    communities, grids = yumen_places
    result = run("grid_workers", messy_roster(tmp_path, kind))
    assert result.code == 0, result
    report = result.report
    assert report["errors"] == []
    assert report["rows"] == 4  # title rows, blank row, 合计 row and notes not counted
    assert (report["created"], report["updated"], report["unchanged"], report["skipped"]) == (4, 0, 0, 0)
    assert report["ignored_columns"] == ["序号", "备用列"]
    assert result.stderr == ""
    stored = people()
    wang, li, zhao, sun = (stored[m] for m in MOBILES)
    assert (wang.name, li.name, zhao.name, sun.name) == ("王伟", "李娜", "赵强", "孙丽")  # padding removed
    assert wang.id_number == files.WANG_ID
    assert li.id_number == files.LI_ID  # x made X
    assert li.gender == "女"  # blank, taken from the ID number
    assert zhao.id_number == ""
    assert [p.community_id for p in (wang, li, zhao)] == [communities["兰新社区"].pk] * 3  # merged down
    assert sun.community_id == communities["建设社区"].pk
    assert wang.grid_id == grids["兰新第一网格"].pk
    assert li.grid_id == grids["兰新第一网格1号楼院"].pk
    assert zhao.grid_id is None
    assert sun.grid_id == grids["建设第一网格"].pk
    assert (wang.role, li.role, zhao.role, sun.role) == ("网格长", "专职网格员", "兼职网格员", "楼栋长")
    assert all(p.is_active for p in stored.values())
    batch = ImportBatch.objects.get(pk=report["batch"])
    assert (batch.dataset, batch.source, batch.created, batch.status) == ("grid_workers", "command", 4, "done")
    assert batch.original_name == messy_roster(tmp_path, kind).name
    assert {p.import_batch_id for p in stored.values()} == {batch.pk}


def test_json_report_is_one_object_with_the_spec_keys(run, tmp_path):
    result = run("grid_workers", messy_roster(tmp_path))
    report = json.loads(result.stdout)  # nothing else on stdout
    assert set(report) == SPEC_KEYS | {"batch"}
    assert report["dataset"] == "grid_workers" and report["district"] == "620981" and report["dry_run"] is False
    assert isinstance(report["batch"], int)
    assert result.stdout.count("\n") == 1


def test_text_report_without_format_json(run, tmp_path):
    result = run_import("grid_workers", messy_roster(tmp_path), json_format=False)
    assert result.code == 0
    assert "新增 4" in result.stdout and "未使用的列：序号、备用列" in result.stdout


def test_reupload_of_the_same_file_changes_nothing(run, tmp_path):
    path = messy_roster(tmp_path)
    assert run("grid_workers", path).code == 0
    before = snapshot()
    result = run("grid_workers", path)
    assert result.code == 0
    report = result.report
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 4)
    after = snapshot()
    assert after["GridWorker"] == before["GridWorker"]
    assert ImportChange.objects.filter(batch_id=report["batch"]).count() == 0


@pytest.mark.parametrize("kind", ["xls", "csv-gbk", "html"])
def test_reupload_in_another_format_is_unchanged(run, tmp_path, kind):
    assert run("grid_workers", messy_roster(tmp_path, "xlsx")).code == 0
    report = run("grid_workers", messy_roster(tmp_path, kind, name="again")).report
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 4)


# -- errors -----------------------------------------------------------------------------------


def roster_with(tmp_path, changes, kind="xlsx"):
    """The messy roster with some cells changed: {(person index, column index): value}."""
    rows = [list(p) for p in files.GRID_WORKERS]
    for (person, column), value in changes.items():
        rows[person][column] = value
    return messy_roster(tmp_path, kind, rows, name="changed")


def test_row_error_names_the_excel_row_the_header_as_written_the_value_and_a_chinese_message(run, tmp_path):
    before = snapshot()
    result = run("grid_workers", roster_with(tmp_path, {(2, 3): "1390971"}))
    assert result.code == 1
    assert result.errors == [
        {"row": 6, "column": "手机号码（必填）", "value": "1390971", "message": "手机号码应为11位数字"}
    ]
    report = result.report
    assert report["rows"] == 4
    assert (report["created"], report["updated"], report["unchanged"], report["skipped"]) == (0, 0, 0, 0)
    assert "batch" not in report
    assert snapshot() == before  # nothing at all was written


def test_row_numbers_count_title_rows_in_every_file_type(run, tmp_path):
    for kind in ("xls", "ods", "csv-gbk", "html"):
        result = run("grid_workers", roster_with(tmp_path, {(3, 3): "1390971"}, kind=kind))
        assert [(e["row"], e["column"]) for e in result.errors] == [(7, "手机号码（必填）")], kind


def test_sheet_starting_at_b3_reports_the_rows_excel_shows(run, tmp_path):
    rows = files.grid_worker_rows()
    rows[5][3] = "1390971"  # 赵强, Excel row 6 + 2
    path = files.xlsx(tmp_path / "offset.xlsx", rows, merges=files.GRID_WORKER_MERGES, start_row=3, start_col=2)
    result = run("grid_workers", path)
    assert [(e["row"], e["column"], e["value"]) for e in result.errors] == [(8, "手机号码（必填）", "1390971")]


def test_id_number_in_scientific_notation_is_an_error_on_its_row(run, tmp_path):
    """Excel turned the ID number into 6.20981199001011E+17: digits are lost, the row is refused."""
    result = run("grid_workers", roster_with(tmp_path, {(0, 4): float(files.WANG_ID)}))
    assert result.code == 1
    [error] = result.errors
    assert (error["row"], error["column"]) == (4, "身份证号")
    assert "E+17" in error["value"].upper()
    assert "科学计数法" in error["message"]
    assert not people()


def test_several_errors_each_with_its_row(run, tmp_path):
    result = run(
        "grid_workers",
        roster_with(
            tmp_path, {(0, 4): files.WANG_ID[:-1] + "0", (1, 7): "组长", (3, 5): "蘭新社區X", (2, 1): "\u3000"}
        ),
    )
    got = {(e["row"], e["column"]): e["message"] for e in result.errors}
    assert got[(4, "身份证号")] == "身份证号校验位不正确，请核对"
    assert got[(5, "岗位")].startswith("应为以下之一：网格长、专职网格员")  # a fixed vocabulary
    assert got[(6, "*姓 名")] == "必填，不能为空"
    assert got[(7, "所属社区")].startswith("社区不存在")
    assert result.report["rows"] == 4


def test_a_file_for_another_districts_communities_is_refused_row_by_row(run, tmp_path):
    """西宁's roster imported into 玉门市: every row is refused with 社区不存在, nothing is written."""
    rows = [list(p) for p in files.GRID_WORKERS]
    for row, community in zip(rows, ["文亭巷社区", None, None, "八一路社区"], strict=True):
        row[5], row[6] = community, ""
    before = snapshot()
    result = run("grid_workers", messy_roster(tmp_path, "xlsx", rows))
    assert result.code == 1
    assert [(e["row"], e["column"], e["value"]) for e in result.errors] == [
        (4, "所属社区", "文亭巷社区"),
        (5, "所属社区", "文亭巷社区"),
        (6, "所属社区", "文亭巷社区"),
        (7, "所属社区", "八一路社区"),
    ]
    assert all(e["message"].startswith("社区不存在") for e in result.errors)
    assert snapshot() == before
    # ... and in 西宁市 itself the same rows are fine
    assert run("grid_workers", messy_roster(tmp_path, "xlsx", rows), district="630100").code == 0


def test_grid_of_another_community_is_refused(run, tmp_path):
    result = run("grid_workers", roster_with(tmp_path, {(3, 6): "兰新第一网格"}))
    [error] = result.errors
    assert (error["row"], error["column"]) == (7, "所属网格")
    assert "不属于社区“建设社区”" in error["message"] or "没有网格" in error["message"]


def test_two_rows_with_the_same_key_are_both_errors(run, tmp_path):
    rows = [list(p) for p in files.GRID_WORKERS]
    rows[3][4] = files.WANG_ID  # 孙丽 given 王伟's ID number
    before = snapshot()
    result = run("grid_workers", messy_roster(tmp_path, "xlsx", rows))
    assert result.code == 1
    errors = {(e["row"], e["column"]): e["message"] for e in result.errors}
    assert errors == {(4, "身份证号"): "与第7行重复", (7, "身份证号"): "与第4行重复"}
    assert snapshot() == before


def test_two_rows_with_the_same_mobile_are_both_errors(run, tmp_path):
    rows = [list(p) for p in files.GRID_WORKERS]
    rows[3][3] = "139 0971 2347"  # 孙丽 written with 赵强's mobile; neither has an ID number
    result = run("grid_workers", messy_roster(tmp_path, "xlsx", rows))
    errors = {(e["row"], e["column"]): e["message"] for e in result.errors}
    assert errors == {(6, "手机号码（必填）"): "与第7行重复", (7, "手机号码（必填）"): "与第6行重复"}


def test_mobile_of_someone_already_stored_is_an_error(run, tmp_path):
    """周敏 (her own ID number, so another person) written with 王伟's mobile."""
    assert run("grid_workers", messy_roster(tmp_path)).code == 0
    zhou = files.make_id(birth="19880808", sequence="222")
    rows = [[5, "周敏", "女", "13909712345", zhou, "建设社区", "", "楼栋长", ""]]
    result = run("grid_workers", messy_roster(tmp_path, "xlsx", rows, name="other"))
    [error] = result.errors
    assert (error["row"], error["column"]) == (4, "手机号码（必填）")
    assert "与已有记录“王伟（兰新社区）”重复" in error["message"]


def test_skip_errors_writes_the_valid_rows_and_counts_the_skipped(run, tmp_path):
    result = run("grid_workers", roster_with(tmp_path, {(2, 3): "1390971"}), "--skip-errors")
    assert result.code == 0
    report = result.report
    assert (report["created"], report["skipped"], report["rows"]) == (3, 1, 4)
    assert len(report["errors"]) == 1 and report["errors"][0]["row"] == 6
    assert set(people()) == {"13909712345", "13909712346", "13909712348"}


def test_dry_run_reports_and_writes_nothing(run, tmp_path):
    before = snapshot()
    result = run("grid_workers", messy_roster(tmp_path), "--dry-run")
    assert result.code == 0
    report = result.report
    assert report["dry_run"] is True and report["created"] == 4
    assert "batch" not in report
    assert set(report) == SPEC_KEYS
    assert snapshot() == before


def test_dry_run_with_errors_exits_1(run, tmp_path):
    result = run("grid_workers", roster_with(tmp_path, {(2, 3): "1390971"}), "--dry-run")
    assert result.code == 1
    assert result.report["errors"][0]["row"] == 6


# -- the update rules -------------------------------------------------------------------------


def test_blank_optional_cell_and_missing_optional_column_keep_the_stored_value(run, tmp_path):
    assert run("grid_workers", messy_roster(tmp_path)).code == 0
    wang = people()["13909712345"]
    GridWorker.objects.filter(pk=wang.pk).update(political_status="中共党员")
    # 王伟 again with the 性别 and 所属网格 cells blank, and no 政治面貌 or 身份证号 column at all
    header = ["姓名", "手机号码", "所属社区", "岗位", "性别", "所属网格"]
    rows = [header, ["王伟", "13909712345", "兰新社区", "网格长", "", None]]
    report = run("grid_workers", files.xlsx(tmp_path / "partial.xlsx", rows)).report
    assert (report["updated"], report["unchanged"], report["errors"]) == (0, 1, [])
    wang.refresh_from_db()
    assert (wang.gender, wang.grid.name, wang.political_status, wang.id_number) == (
        "男",
        "兰新第一网格",
        "中共党员",
        files.WANG_ID,
    )


def test_changed_values_are_updated_and_logged_for_undo(run, tmp_path, yumen_places):
    assert run("grid_workers", messy_roster(tmp_path)).code == 0
    report = run(
        "grid_workers", roster_with(tmp_path, {(0, 7): "专职网格员", (0, 6): "兰新社区网格", (3, 1): "孙　丽丽"})
    ).report
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 2, 2)
    wang, sun = people()["13909712345"], people()["13909712348"]
    assert (wang.role, wang.grid.name, sun.name) == ("专职网格员", "兰新社区网格", "孙丽丽")
    changes = {c.object_id: c.before for c in ImportChange.objects.filter(batch_id=report["batch"])}
    assert changes[wang.pk] == {"role": "网格长", "grid_id": yumen_places[1]["兰新第一网格"].pk}
    assert changes[sun.pk] == {"name": "孙丽"}


def test_row_without_id_number_is_keyed_by_mobile(run, tmp_path):
    """No ID number in the row: the mobile is the key, so the stored person with it is updated."""
    assert run("grid_workers", messy_roster(tmp_path)).code == 0
    rows = [[1, "王伟", "男", "13909712345", "", "建设社区", "", "楼栋长", ""]]
    report = run("grid_workers", messy_roster(tmp_path, "xlsx", rows, name="moved")).report
    assert (report["created"], report["updated"]) == (0, 1)
    wang = people()["13909712345"]
    assert (wang.community.name, wang.role, wang.id_number) == ("建设社区", "楼栋长", files.WANG_ID)
    assert wang.grid is None  # 兰新第一网格 is not a grid of 建设社区: it does not stay


def test_person_without_id_gets_one_when_matched_by_mobile(run, tmp_path):
    assert run("grid_workers", messy_roster(tmp_path)).code == 0
    zhao_id = files.make_id(birth="19850505", sequence="311")
    report = run("grid_workers", roster_with(tmp_path, {(2, 4): zhao_id})).report
    assert (report["created"], report["updated"]) == (0, 1)
    assert people()["13909712347"].id_number == zhao_id


def test_traditional_and_spaced_community_and_grid_names_find_the_simplified_ones(run, tmp_path, yumen_places):
    communities, grids = yumen_places
    rows = [list(p) for p in files.GRID_WORKERS]
    rows[0][5], rows[0][6] = "蘭新社區", "蘭新第一網格"
    rows[3][5], rows[3][6] = "建設 社區", "建設第一網格"
    result = run("grid_workers", messy_roster(tmp_path, "xlsx", rows))
    assert result.report["errors"] == []
    stored = people()
    assert stored["13909712345"].community_id == communities["兰新社区"].pk
    assert stored["13909712345"].grid_id == grids["兰新第一网格"].pk
    assert stored["13909712348"].community_id == communities["建设社区"].pk


def test_status_column_deactivates_and_reactivates(run, tmp_path):
    header = ["姓名", "手机号码", "所属社区", "岗位", "在岗状态"]
    path = files.xlsx(tmp_path / "s.xlsx", [header, ["王伟", "13909712345", "兰新社区", "网格长", "离岗"]])
    assert run("grid_workers", path).report["created"] == 1
    assert people()["13909712345"].is_active is False
    path = files.xlsx(tmp_path / "s2.xlsx", [header, ["王伟", "13909712345", "兰新社区", "网格长", "在岗"]])
    assert run("grid_workers", path).report["updated"] == 1
    assert people()["13909712345"].is_active is True


# -- --sync -----------------------------------------------------------------------------------


def test_sync_deactivates_the_missing_people_of_the_mentioned_communities_only(run, tmp_path, yumen_places):
    communities, _ = yumen_places
    lanxin, jianshe = communities["兰新社区"], communities["建设社区"]
    assert run("grid_workers", messy_roster(tmp_path)).code == 0
    # the next roster names only 王伟 and 李娜, both of 兰新社区
    path = messy_roster(tmp_path, "xlsx", files.GRID_WORKERS[:2], name="next")
    expected = set(
        GridWorker.objects.filter(community=lanxin, is_active=True)
        .exclude(mobile__in=MOBILES[:2])
        .values_list("name", flat=True)
    )
    others_before = set(
        GridWorker.objects.exclude(community=lanxin).filter(is_active=True).values_list("pk", flat=True)
    )
    total = GridWorker.objects.count()

    dry = run("grid_workers", path, "--sync", "--dry-run").report
    assert set(dry["deactivated_names"]) == expected and "赵强" in expected
    assert dry["deactivated"] == len(dry["deactivated_names"])
    assert GridWorker.objects.filter(community=lanxin, is_active=True).count() == len(expected) + 2  # dry: unchanged

    result = run("grid_workers", path, "--sync")
    assert result.code == 0
    report = result.report
    assert set(report) == SPEC_KEYS | {"batch", "deactivated_names"}
    assert set(report["deactivated_names"]) == expected
    assert set(GridWorker.objects.filter(community=lanxin, is_active=True).values_list("mobile", flat=True)) == set(
        MOBILES[:2]
    )
    assert GridWorker.objects.count() == total  # deactivated, never deleted
    assert people()["13909712347"].is_active is False
    # 建设社区 is not in the file: its people (孙丽 among them) are left as they were
    assert people()["13909712348"].is_active is True
    assert set(GridWorker.objects.exclude(community=lanxin).filter(is_active=True).values_list("pk", flat=True)) == (
        others_before
    )
    assert jianshe.pk not in {p.community_id for p in GridWorker.objects.filter(community=lanxin)}
    logged = ImportChange.objects.filter(batch_id=report["batch"], action=ImportChange.DEACTIVATED)
    assert logged.count() == len(expected)


def test_sync_never_deactivates_a_person_whose_row_was_skipped_for_an_error(run, tmp_path):
    """With --skip-errors, 赵强's row has a typo in his mobile: he is in the file, so he stays active."""
    assert run("grid_workers", messy_roster(tmp_path)).code == 0
    result = run("grid_workers", roster_with(tmp_path, {(2, 3): "1390971234"}), "--sync", "--skip-errors")
    assert result.code == 0
    assert "赵强" not in result.report["deactivated_names"]
    assert people()["13909712347"].is_active is True


def test_sync_key_absent_without_sync(run, tmp_path):
    assert "deactivated_names" not in run("grid_workers", messy_roster(tmp_path)).report


def test_sync_refused_for_grids(run, tmp_path):
    from django.core.management.base import CommandError

    path = files.xlsx(tmp_path / "g.xlsx", [["所属街道", "所属社区", "网格名称"], ["新市区街道", "兰新社区", "x"]])
    with pytest.raises(CommandError, match="不能使用 --sync"):
        run("grids", path, "--sync")


# -- an import killed halfway ------------------------------------------------------------------


def killable_roster(tmp_path):
    """A roster whose import creates, updates and (with --sync) deactivates grid workers."""
    assert run_import("grid_workers", messy_roster(tmp_path)).code == 0
    GridWorker.objects.filter(mobile="13909712345").update(role="楼栋长")  # so 王伟's row is an update
    more = [[5 + i, f"新人{i}", "女", f"1390971300{i}", "", "建设社区", "", "楼栋长", ""] for i in range(5)]
    return messy_roster(tmp_path, "xlsx", [*files.GRID_WORKERS[:2], *more], name="more")


def test_import_killed_halfway_leaves_the_database_as_it_was(run, tmp_path):
    """The write phase dies at the first statement after the roster rows went in (the rows are
    written in one executemany): everything, the batch record included, is rolled back."""
    from django.db import connection

    path = killable_roster(tmp_path)
    table = GridWorker._meta.db_table
    writes = []

    def dying(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            if writes:
                raise RuntimeError("worker killed")
            if table in sql:
                writes.append(sql)
        return execute(sql, params, many, context)

    before = snapshot()
    with connection.execute_wrapper(dying), pytest.raises(RuntimeError, match="worker killed"):
        run("grid_workers", path, "--sync")
    assert len(writes) == 1  # the roster write really ran before the failure
    assert snapshot() == before


def test_import_killed_after_the_rows_are_written_leaves_the_database_as_it_was(run, tmp_path, monkeypatch):
    """Killed after the resource wrote its rows, before the undo log and the deactivations."""
    from importers.datasets import GridWorkerResource

    path = killable_roster(tmp_path)
    original = GridWorkerResource.write

    def write_then_die(self, new, changed, batch):
        original(self, new, changed, batch)
        assert GridWorker.objects.filter(mobile__startswith="1390971300").count() == 5  # written...
        raise RuntimeError("worker killed")

    monkeypatch.setattr(GridWorkerResource, "write", write_then_die)
    before = snapshot()
    with pytest.raises(RuntimeError, match="worker killed"):
        run("grid_workers", path, "--sync")
    assert snapshot() == before  # ... and rolled back


# -- the other rosters -------------------------------------------------------------------------


def test_community_workers_dates_and_open_positions(run, tmp_path):
    header = ["序号", "姓  名", "性别", "联系电话", "身份证号码", "社区", "职 务", "岗位等级", "任职时间", "学历"]
    rows = [
        ["兰新社区“两委”及社区工作者花名册"],
        header,
        [1, "马　丽", "女", "139-0971-2401", "", "兰新社区", "社区党组织书记", "一岗三级", dt.date(2019, 5, 6), "本科"],
        [2, "张 强", "男", "+86 13909712402", "", "兰新社区", "居委会主任", "二岗八级", "2020/3/1", "大专"],
        [3, "刘洋", "", "１３９０９７１２４０３", "", "\u3000建设社区\u3000", "网格指导员", "", "2021年7月15日", ""],
        [4, "陈静", "女", "13909712404", "", "建设社区", "社区工作者", "", 20220901, "硕士"],
        [5, "杨帆", "男", "13909712405", "", "建设社区", "社区工作者", "", "2023.1.5", ""],
        [6, "吴敏", "女", "13909712406", "", "建设社区", "社区工作者", "", 44931, ""],
        ["填表人：李四", None, None, None, None, None, None, None, "2024年3月5日"],
    ]
    result = run("community_workers", files.xlsx(tmp_path / "cw.xlsx", rows))
    assert result.code == 0, result.errors
    assert result.report["created"] == 6
    stored = {w.name: w for w in CommunityWorker.objects.filter(mobile__startswith="139097124")}
    assert stored["马丽"].hired_on == dt.date(2019, 5, 6)
    assert stored["张强"].hired_on == dt.date(2020, 3, 1)
    assert stored["刘洋"].hired_on == dt.date(2021, 7, 15)
    assert stored["刘洋"].position == "网格指导员"  # an open vocabulary accepts a new value
    assert stored["陈静"].hired_on == dt.date(2022, 9, 1)
    assert stored["杨帆"].hired_on == dt.date(2023, 1, 5)
    assert stored["吴敏"].hired_on == dt.date(2023, 1, 5)
    assert stored["张强"].mobile == "13909712402"
    assert stored["刘洋"].mobile == "13909712403"  # full-width digits
    assert stored["刘洋"].community.name == "建设社区"  # ideographic spaces around it
    # the same file again, and as the CSV Excel would save of it: date cells compare equal, all unchanged
    for again in (files.xlsx(tmp_path / "cw2.xlsx", rows), files.csv_file(tmp_path / "cw.csv", rows)):
        report = run("community_workers", again).report
        assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 6), report


def test_volunteers_new_teams_are_created_and_hours_are_decimals(run, tmp_path, yumen):
    header = ["姓名", "手机号", "志愿服务队", "所属社区", "服务特长", "注册时间", "服务时长（小时）", "政治面貌"]
    rows = [
        header,
        ["王伟", "13909712501", "兰新红马甲志愿服务队", "兰新社区", "理发;义诊", "2023-01-05", "12.5", "中共党员"],
        ["李娜", "13909712502", "兰新红马甲志愿服务队", "", "心理疏导，法律咨询", dt.date(2023, 2, 1), 3, ""],
        ["赵强", "13909712503", "", "建设社区", "", "", "", ""],
        ["孙丽", "13909712504", "蘭新紅馬甲志願服務隊", "", "", "", "１２", ""],
    ]
    teams_before = VolunteerTeam.objects.filter(district=yumen).count()
    report = run("volunteers", files.xlsx(tmp_path / "v.xlsx", rows)).report
    assert report["errors"] == [] and report["created"] == 4
    team = VolunteerTeam.objects.get(district=yumen, name="兰新红马甲志愿服务队")
    assert team.import_batch_id == report["batch"]
    assert VolunteerTeam.objects.filter(district=yumen).count() == teams_before + 1  # 蘭新… is the same team
    stored = {v.name: v for v in Volunteer.objects.filter(mobile__startswith="139097125")}
    assert stored["王伟"].hours == Decimal("12.5")
    assert stored["王伟"].skills == "理发、义诊"
    assert stored["李娜"].skills == "心理疏导、法律咨询"
    assert stored["李娜"].community_id is None
    assert stored["孙丽"].team_id == team.pk
    assert stored["孙丽"].hours == Decimal("12")
    assert stored["赵强"].team_id is None and stored["赵强"].hours == Decimal("0")
    # re-import: unchanged, no second team
    again = run("volunteers", files.csv_file(tmp_path / "v.csv", rows, encoding="gb18030")).report
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 4), again


def test_party_checkins_are_keyed_by_mobile_and_community(run, tmp_path):
    header = ["*姓名", "*手机号码", "*工作单位", "所在党组织", "*报到社区", "报到日期", "认领岗位", "服务积分"]
    rows = [
        ["在职党员到社区报到登记表"],
        header,
        ["王伟", "13909712601", "玉门市教育局", "教育局机关党支部", "兰新社区", "2024/3/1", "楼栋长", 12],
        ["王伟", "13909712601", "玉门市教育局", "教育局机关党支部", "建设社区", "2024-03-02", "", "8"],
        ["李娜", "13909712602", "玉门市人民医院", "", "兰新社区", "2024年3月3日", "健康咨询", "１０"],
    ]
    report = run("party_checkins", files.xlsx(tmp_path / "p.xlsx", rows)).report
    assert report["errors"] == [] and report["created"] == 3
    assert PartyCheckin.objects.filter(mobile="13909712601").count() == 2
    li = PartyCheckin.objects.get(mobile="13909712602")
    assert (li.points, li.checked_in_on) == (10, dt.date(2024, 3, 3))
    again = run("party_checkins", files.ods(tmp_path / "p.ods", rows)).report
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    rows.append(["李娜", "13909712602", "玉门市人民医院", "", "兰新社区", "", "", "1.5"])
    result = run("party_checkins", files.xlsx(tmp_path / "p2.xlsx", rows))
    errors = {(e["row"], e["column"]): e["message"] for e in result.errors}
    assert errors[(6, "服务积分")] == "应为整数"
    # the same person twice for one community is a duplicate key (the points error drops the second row first)
    rows[-1][-1] = 3
    errors = {
        (e["row"], e["column"]): e["message"]
        for e in run("party_checkins", files.xlsx(tmp_path / "p3.xlsx", rows)).errors
    }
    assert errors == {(5, "*手机号码"): "与第6行重复", (6, "*手机号码"): "与第5行重复"}


def test_unknown_columns_any_order_and_header_marks(run, tmp_path):
    header = ["备注", "岗 位*", "所属网格", "手机号码(必填)", "姓\n名", "*所属社区", "籍贯"]
    rows = [header, ["", "网格长", "兰新第一网格", "13909712701", "王伟", "兰新社区", "甘肃"]]
    report = run("grid_workers", files.xlsx(tmp_path / "o.xlsx", rows)).report
    assert report["errors"] == [] and report["created"] == 1
    assert report["ignored_columns"] == ["备注", "籍贯"]


def test_header_not_in_the_first_ten_rows_is_exit_2(run, tmp_path):
    rows = [[f"说明{i}"] for i in range(10)] + [
        ["姓名", "手机号码", "所属社区", "岗位"],
        ["王伟", "13909712345", "兰新社区", "网格长"],
    ]
    result = run("grid_workers", files.xlsx(tmp_path / "deep.xlsx", rows))
    assert result.code == 2
    assert result.stdout == ""
    assert "没有找到表头" in result.stderr


@pytest.mark.parametrize(
    "word", ["合计", "总计", "备注：以上人员均已培训", "填表人：张三", "注：身份证号为文本", "说明"]
)
def test_closing_rows_end_the_data(run, tmp_path, word):
    rows = [
        ["姓名", "手机号码", "所属社区", "岗位"],
        ["王伟", "13909712345", "兰新社区", "网格长"],
        [None, None, None, None],
        ["李娜", "13909712346", "兰新社区", "楼栋长"],
        [word, "2人", None, None],
        ["这一行是备注的续行", None, None, None],
    ]
    report = run("grid_workers", files.xlsx(tmp_path / "c.xlsx", rows)).report
    assert (report["rows"], report["created"], report["errors"]) == (2, 2, [])


def test_blank_rows_anywhere(run, tmp_path):
    rows = [
        [None] * 4,
        [files.TITLE],
        [None] * 4,
        ["姓名", "手机号码", "所属社区", "岗位"],
        [None] * 4,
        ["王伟", "13909712345", "兰新社区", "网格长"],
        ["\u3000", " ", None, ""],
        ["李娜", "13909712346", "兰新社区", "楼栋长"],
        [None] * 4,
        [None] * 4,
    ]
    result = run("grid_workers", files.xlsx(tmp_path / "b.xlsx", rows))
    assert (result.report["rows"], result.report["created"]) == (2, 2)
    result = run("grid_workers", roster_with(tmp_path, {(1, 3): "1390971"}))
    assert result.errors[0]["row"] == 5


NOTES_HEADER = ["序号", "姓名", "手机号码", "所属社区", "岗位"]


@pytest.mark.parametrize(
    "notes",
    [
        [["填表说明：", None, None, None, None], ["1. 手机号码填写本人常用号码。", None, None, None, None]],
        [["填报日期：2024年6月30日", None, None, None, None]],
        [["制表：张三", None, "审核：李四", None, None]],
        [["温馨提示：请勿修改表头", None, None, None, None]],
        [["单位负责人：王五", None, None, "联系电话：0937-3321234", None]],
        [["以上人员信息经本人核对无误。", None, None, None, None]],  # merged across the table
    ],
    ids=["填表说明", "填报日期", "制表审核", "温馨提示", "负责人", "merged-note"],
)
def test_notes_blocks_after_the_data(run, tmp_path, notes):
    rows = [["网格员名单"], NOTES_HEADER, [1, "王伟", "13909712345", "兰新社区", "网格长"], *notes]
    merges = ["A1:E1"] + [f"A{4 + i}:E{4 + i}" for i, note in enumerate(notes) if note[2] is None and note[3] is None]
    result = run("grid_workers", files.xlsx(tmp_path / "notes.xlsx", rows, merges=merges))
    assert result.code == 0, result.errors
    assert (result.report["rows"], result.report["created"]) == (1, 1)


def test_sub_headings_and_a_templates_unused_numbered_rows_are_not_people(run, tmp_path):
    rows = [
        NOTES_HEADER,
        ["一、兰新社区", None, None, None, None],  # merged across: a sub-heading
        [1, "王伟", "13909712345", "兰新社区", "网格长"],
        ["二、建设社区", None, None, None, None],
        [2, "孙丽", "13909712348", "建设社区", "楼栋长"],
        [3, None, None, None, None],  # the template numbered rows it was not filled in
        [4, None, None, None, None],
        [5, "赵强", None, None, None],  # an incomplete row is still reported
    ]
    result = run("grid_workers", files.xlsx(tmp_path / "groups.xlsx", rows, merges=["A2:E2", "A4:E4"]))
    assert result.report["rows"] == 3
    assert {(e["row"], e["column"]) for e in result.errors} == {(8, "手机号码"), (8, "所属社区"), (8, "岗位")}


def test_two_row_header_with_a_group_cell_merged_across(run, tmp_path):
    """联系方式 merged over 手机号码 and 固定电话, the other headers merged down over both header rows."""
    rows = [
        ["玉门市网格员花名册", None, None, None, None, None],
        ["序号", "姓名", "联系方式", None, "所属社区", "岗位"],
        [None, None, "手机号码", "固定电话", None, None],
        [1, "王偉", "13909712345", "0937-3321234", "兰新社区", "网格长"],
    ]
    merges = ["A1:F1", "C2:D2", "A2:A3", "B2:B3", "E2:E3", "F2:F3"]
    result = run("grid_workers", files.xlsx(tmp_path / "two-rows.xlsx", rows, merges=merges))
    assert result.code == 0, result.errors
    assert result.report["ignored_columns"] == ["序号", "固定电话"]
    assert people()["13909712345"].name == "王偉"  # a person's name in traditional characters is kept as written
