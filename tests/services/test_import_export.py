"""The `services` dataset: service guides imported as pages, exported with the same columns,
re-imported unchanged, published or sent to review by who imports them, and undone."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import WorkflowState

from centres.models import ServiceCentrePage
from importers import exports
from importers.datasets.services import ServiceResource
from importers.engine import Importer
from importers.models import ImportBatch
from importers.reading import read_table
from importers.undo import undo
from services.models import ServiceCatalogPage, ServiceCategory, ServiceGuidePage

from ..importers import files
from ..importers.conftest import run_import

pytestmark = pytest.mark.django_db

HEADER = [
    "事项名称",
    "服务类别",
    "服务对象",
    "办理条件",
    "所需材料",
    "办理流程",
    "承诺时限",
    "收费标准",
    "办理地点",
    "办理时间",
    "咨询电话",
    "可代办",
    "在线办理",
]


def guide_row(title, *, category="民政服务", places="", materials="居民身份证原件1份；户口簿复印件1份", **extra):
    row = {
        "事项名称": title,
        "服务类别": category,
        "服务对象": "本区户籍居民",
        "办理条件": "符合条件的居民",
        "所需材料": materials,
        "办理流程": "1. 提交申请：到社区窗口递交材料\n2. 审核\n3. 办结",
        "承诺时限": "5个工作日",
        "收费标准": "否",
        "办理地点": places,
        "办理时间": "工作日 9:00—17:00",
        "咨询电话": "0971-8123456",
        "可代办": "是",
        "在线办理": "https://zwfw.qinghai.gov.cn/",
    }
    row.update(extra)
    return [row[h] for h in HEADER]


def write_csv(tmp_path, rows, name="guides.csv"):
    return files.csv_file(tmp_path / name, [HEADER, *rows])


def xining_centre():
    return ServiceCentrePage.objects.live().filter(district__code="630100").prefetch_related("windows").first()


def _home_path(code):
    from districts.models import DistrictHomePage

    return DistrictHomePage.objects.get(district__code=code).path


# -- import, export, re-import ------------------------------------------------------------------------


def test_import_creates_published_guides_linked_to_centres(tmp_path):
    centre = xining_centre()
    window = centre.windows.first()
    places = f"{centre.title}{window.label}、街道便民服务大厅"
    rows = [guide_row("测试高龄补贴申领", places=places), guide_row("测试临时救助", category="新建类别")]
    result = run_import("services", write_csv(tmp_path, rows), district="630100")
    assert result.code == 0, result
    report = result.report
    assert (report["created"], report["updated"], report["errors"]) == (2, 0, [])
    guide = ServiceGuidePage.objects.get(title="测试高龄补贴申领")
    assert guide.live and guide.get_parent().specific_class is ServiceCatalogPage
    assert guide.get_parent().path.startswith(_home_path("630100"))
    materials = [(m.name, m.form, m.copies) for m in guide.materials.all()]
    assert materials == [("居民身份证", "原件", 1), ("户口簿", "复印件", 1)]
    assert [s.title for s in guide.steps.all()] == ["提交申请", "审核", "办结"]
    places = list(guide.places.order_by("sort_order"))
    assert (places[0].centre_id, places[0].window_id) == (centre.pk, window.pk)
    assert (places[1].centre_id, places[1].name) == (None, "街道便民服务大厅")
    assert guide.fees == "不收费" and guide.can_proxy and guide.proxy_kind == "代办服务"
    created = ServiceCategory.objects.get(district__code="630100", name="新建类别")
    assert created.import_batch_id == report["batch"]


def test_export_reimports_unchanged_after_an_edit(tmp_path):
    rows = [guide_row(f"往返测试事项{n}", places=xining_centre().title) for n in range(3)]
    assert run_import("services", write_csv(tmp_path, rows), district="630100").code == 0
    guide = ServiceGuidePage.objects.get(title="往返测试事项1")
    materials = list(guide.materials.all())  # edit as staff would: a note and an electronic copy
    materials[0].note, materials[0].medium = "由他人代办的另带代办人身份证", "纸质或电子"
    guide.materials = materials
    guide.promised_time_limit = "即办"
    guide.save_revision().publish()

    out = tmp_path / "export.xlsx"
    call_command("export_data", "services", str(out), "--district", "630100", stderr=io.StringIO())
    again = run_import("services", out, district="630100")
    assert again.code == 0, again
    total = ServiceGuidePage.objects.filter(path__startswith=_home_path("630100")).count()
    assert (again.report["created"], again.report["updated"], again.report["unchanged"]) == (0, 0, total)
    guide.refresh_from_db()
    assert guide.promised_time_limit == "即办"
    assert guide.materials.first().note == "由他人代办的另带代办人身份证"


def test_changed_cells_make_a_new_revision_and_undo_restores_them(tmp_path):
    assert run_import("services", write_csv(tmp_path, [guide_row("撤销测试事项")]), district="630100").code == 0
    guide = ServiceGuidePage.objects.get(title="撤销测试事项")
    revisions = guide.revisions.count()
    changed = guide_row("撤销测试事项", materials="居民身份证原件1份", 承诺时限="即办")
    result = run_import("services", write_csv(tmp_path, [changed], "changed.csv"), district="630100")
    assert (result.report["updated"], result.report["created"]) == (1, 0)
    guide.refresh_from_db()
    assert guide.promised_time_limit == "即办" and guide.materials.count() == 1
    assert guide.revisions.count() == revisions + 1

    undo(ImportBatch.objects.get(pk=result.report["batch"]), None)
    guide.refresh_from_db()
    assert guide.promised_time_limit == "5个工作日" and guide.materials.count() == 2
    first = ImportBatch.objects.filter(dataset="services").order_by("pk").first()
    undo(first, None)
    assert not ServiceGuidePage.objects.filter(title="撤销测试事项").exists()


def admin_import(user, path, district):
    """The admin flow's two steps (check, then apply) for `user`, as the views run them."""
    resource = ServiceResource
    data = path.read_bytes()
    batch = ImportBatch.objects.create(district=district, dataset="services", user=user, original_name=path.name)
    report = Importer(resource, district).run(read_table(data, path.name, max_bytes=10**7), batch=batch)
    return report


def test_an_editor_who_may_not_publish_sends_the_guides_to_review(tmp_path, make_user, xining):
    editor = make_user("630100", "editor")
    report = admin_import(editor, write_csv(tmp_path, [guide_row("送审测试事项")]), xining)
    assert report.created == 1 and report.error_count == 0
    guide = ServiceGuidePage.objects.get(title="送审测试事项")
    assert not guide.live
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(guide.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_leader_who_may_publish_publishes(tmp_path, make_user, xining):
    leader = make_user("630100", "leader")
    admin_import(leader, write_csv(tmp_path, [guide_row("直接发布测试事项")]), xining)
    assert ServiceGuidePage.objects.get(title="直接发布测试事项").live


def test_a_user_of_another_district_cannot_write_there(tmp_path, make_user, xining):
    outsider = make_user("620981", "leader")
    from importers.errors import TableError

    with pytest.raises(TableError, match="没有在西宁市"):
        admin_import(outsider, write_csv(tmp_path, [guide_row("越权测试事项")]), xining)
    assert not ServiceGuidePage.objects.filter(title="越权测试事项").exists()


# -- bad input: a Chinese message per cell, nothing written ---------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("咨询电话", "12", "电话号码"),
        ("在线办理", "javascript:alert(1)", "http"),
        ("在线办理", "ftp://example.com/", "http"),
        ("可代办", "也许", "是"),
        ("所需材料", "身份证原件0份", "份数"),
        ("所需材料", "居民身份证原件1份：" + "说明" * 101, "说明太长（最多200个字，现在202个字）"),
        ("办理流程", "1. 提交申请\n2. 受理：" + "审" * 501, "第2步的说明太长（最多500个字，现在501个字）"),
        ("事项名称", "", "必填"),
        ("服务类别", "", "必填"),
    ],
)
def test_a_wrong_cell_writes_nothing(tmp_path, column, value, words):
    before = ServiceGuidePage.objects.count()
    row = guide_row("坏数据测试事项", **{column: value})
    result = run_import("services", write_csv(tmp_path, [row, guide_row("同一文件的好行")]), district="630100")
    assert result.code != 0
    (error,) = result.errors
    assert error["column"] == column and words in error["message"]
    assert ServiceGuidePage.objects.count() == before


def test_a_new_guide_without_its_audience_is_refused_and_nothing_written(tmp_path):
    """The page requires 服务对象; the spec leaves the column optional (an update keeps the stored one)."""
    before = ServiceGuidePage.objects.count()
    rows = [guide_row("没有服务对象的新事项", 服务对象=""), guide_row("同一文件的好行")]
    result = run_import("services", write_csv(tmp_path, rows), district="630100")
    assert result.code != 0
    (error,) = result.errors
    assert error["column"] == "服务对象" and "必须填写服务对象" in error["message"]
    assert ServiceGuidePage.objects.count() == before


def test_an_update_without_the_audience_column_keeps_the_stored_one(tmp_path):
    assert run_import("services", write_csv(tmp_path, [guide_row("保留服务对象的事项")]), district="630100").code == 0
    header = [h for h in HEADER if h != "服务对象"]
    row = dict(zip(HEADER, guide_row("保留服务对象的事项", 承诺时限="3个工作日"), strict=True))
    path = files.csv_file(tmp_path / "without.csv", [header, [row[h] for h in header]])
    assert run_import("services", path, district="630100").code == 0
    guide = ServiceGuidePage.objects.get(title="保留服务对象的事项")
    assert (guide.audience, guide.promised_time_limit) == ("本区户籍居民", "3个工作日")


def test_hostile_text_is_stored_as_text_and_escaped_on_the_page(tmp_path, client):
    title = "<script>alert('x')</script>办证"
    row = guide_row(title, 服务对象='"><img src=x onerror=alert(1)>')
    assert run_import("services", write_csv(tmp_path, [row]), district="630100").code == 0
    guide = ServiceGuidePage.objects.get(title=title)
    html = client.get(guide.url).content.decode()
    assert "<script>alert('x')</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_the_same_guide_twice_in_one_file_is_an_error(tmp_path):
    path = write_csv(tmp_path, [guide_row("重复事项"), guide_row("重复事项")])
    result = run_import("services", path, district="630100")
    assert result.code != 0 and len(result.errors) == 2


def test_template_and_export_use_the_spec_headers(xining):
    resource = ServiceResource()
    assert [c.header for c in resource.columns()] == HEADER
    headers, _rows = exports.export_rows(resource, resource.export_queryset(xining), mask=True)
    assert headers == HEADER


# -- the admin: 办事服务 › 导入导出办事指南 ----------------------------------------------------------------


def test_admin_page_offers_import_template_and_the_users_districts_only(client, make_user):
    client.force_login(make_user("630100", "leader"))
    response = client.get("/admin/services/data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "西宁市" in html and "玉门市" not in html
    assert "opendata/hsds/json/" in html
    template = client.get("/admin/services/data/import/template/")
    assert template.status_code == 200 and template["Content-Type"].startswith(exports.XLSX)


def test_admin_export_of_another_district_is_not_found(client, make_user, xining, yumen):
    client.force_login(make_user("630100", "leader"))
    own = client.get(f"/admin/services/data/export/?district={xining.pk}&format=csv")
    assert own.status_code == 200
    assert own.content.decode("utf-8-sig").splitlines()[0].split(",") == HEADER
    assert client.get(f"/admin/services/data/export/?district={yumen.pk}&format=csv").status_code == 404


def test_admin_upload_preview_confirm_publishes(client, make_user, tmp_path):
    client.force_login(make_user("630100", "leader"))
    path = write_csv(tmp_path, [guide_row("后台导入测试事项")])
    with path.open("rb") as upload:
        response = client.post("/admin/services/data/import/", {"file": upload, "skip_errors": ""})
    assert response.status_code == 302
    batch = ImportBatch.objects.get(dataset="services", original_name="guides.csv")
    assert batch.status == ImportBatch.CHECKED and batch.created == 1
    preview = client.get(f"/admin/imports/{batch.pk}/")
    assert "后台导入测试事项" in preview.content.decode()
    client.post(f"/admin/imports/{batch.pk}/")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.DONE
    assert ServiceGuidePage.objects.get(title="后台导入测试事项").live
