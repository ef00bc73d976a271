"""The admin import flow: upload → preview → confirm → result → history → undo, and exports."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from districts.models import District
from importers.models import ImportBatch
from snippets.models import GridWorker, Volunteer, VolunteerTeam

LIST = "wagtailsnippets_snippets_gridworker:list"
IMPORT = "wagtailsnippets_snippets_gridworker:import"

ROSTER = (
    "乐都区碾伯街道网格员花名册（2024年）,,,,,\n"
    "*姓名,手机号码（必填）,所属社区,所属网格,岗位,在岗状态\n"
    "王　伟,+86 139-0971-2345,文化街社区,文化街一网格,专职网格员,在岗\n"
    "李娜,13909712346,文化街社區,,网格长,\n"
    "张强,13909712347,怡春社区,,楼栋长,\n"
    "合计,3人,,,,\n"
)


def csv_upload(text, name="乐都花名册.csv", encoding="gb18030"):
    return SimpleUploadedFile(name, text.encode(encoding))


@pytest.fixture
def ledu():
    return District.objects.get(code="630202")


@pytest.fixture
def ledu_admin(client, make_user):
    client.force_login(make_user("630202", "data_admin"))
    return client


def upload(client, text, **options):
    response = client.post(reverse(IMPORT), {"file": csv_upload(text), **options})
    assert response.status_code == 302, response.context["form"].errors
    return ImportBatch.objects.latest("pk"), client.get(response.url)


def confirm(client, batch, **data):
    client.post(reverse("importers:batch", args=(batch.pk,)), data)
    batch.refresh_from_db()
    return batch


@pytest.mark.django_db
def test_upload_preview_confirm_result(ledu_admin):
    batch, preview = upload(ledu_admin, ROSTER)
    html = preview.content.decode()
    assert batch.status == ImportBatch.CHECKED
    assert "确认导入" in html and "预览" in html
    assert batch.report["created"] == 3 and batch.report["rows"] == 3
    assert not GridWorker.objects.filter(district__code="630202").exists()  # nothing written before confirming
    batch = confirm(ledu_admin, batch)
    assert batch.status == ImportBatch.DONE and batch.created == 3
    workers = GridWorker.objects.filter(district__code="630202")
    assert sorted(workers.values_list("name", flat=True)) == ["张强", "李娜", "王伟"]
    assert workers.get(name="王伟").grid.name == "文化街一网格"
    assert workers.get(name="李娜").community.name == "文化街社区"  # traditional characters found it
    history = ledu_admin.get(reverse("importers:index")).content.decode()
    assert "乐都花名册.csv" in history


@pytest.mark.django_db
def test_preview_shows_old_and_new_values_and_sync(ledu_admin):
    confirm(ledu_admin, upload(ledu_admin, ROSTER)[0])
    changed = ROSTER.replace("专职网格员", "网格长").replace("张强,13909712347,怡春社区,,楼栋长,\n", "")
    batch, preview = upload(ledu_admin, changed, sync="on")
    html = preview.content.decode()
    assert batch.report["updated"] == 1 and batch.report["deactivated"] == 0  # 张强 is of 怡春社区, not in the file
    assert "<del>专职网格员</del>" in html and "<ins>网格长</ins>" in html
    without_lina = ROSTER.replace("李娜,13909712346,文化街社區,,网格长,\n", "")
    batch, preview = upload(ledu_admin, without_lina, sync="on")
    assert batch.report["deactivated_names"] == ["李娜"]
    assert "将设为离岗" in preview.content.decode()
    confirm(ledu_admin, batch)
    assert not GridWorker.objects.get(name="李娜").is_active  # deactivated, not deleted


@pytest.mark.django_db
def test_errors_block_the_import_unless_valid_rows_only(ledu_admin):
    bad = ROSTER.replace("13909712346", "1390971").replace("楼栋长", "网格员")
    batch, preview = upload(ledu_admin, bad)
    html = preview.content.decode()
    assert batch.report["error_count"] == 2
    assert "第4行" in html and "手机号码应为11位数字" in html and "手机号码（必填）" in html
    batch = confirm(ledu_admin, batch)
    assert batch.status == ImportBatch.CHECKED  # refused: errors and no choice to skip them
    assert not GridWorker.objects.filter(district__code="630202").exists()
    batch = confirm(ledu_admin, batch, skip_errors="1")
    assert batch.status == ImportBatch.DONE and batch.created == 1 and batch.skipped == 2


@pytest.mark.django_db
def test_undo_restores_created_updated_and_deactivated(ledu_admin):
    first = confirm(ledu_admin, upload(ledu_admin, ROSTER)[0])
    second_text = ROSTER.replace("专职网格员", "网格长").replace("李娜,13909712346,文化街社區,,网格长,\n", "")
    second = confirm(ledu_admin, upload(ledu_admin, second_text, sync="on")[0])
    assert GridWorker.objects.get(name="王伟").role == "网格长"
    assert not GridWorker.objects.get(name="李娜").is_active
    # The older batch cannot be undone before the newer one.
    ledu_admin.post(reverse("importers:undo", args=(first.pk,)))
    first.refresh_from_db()
    assert first.status == ImportBatch.DONE
    ledu_admin.post(reverse("importers:undo", args=(second.pk,)))
    second.refresh_from_db()
    assert second.status == ImportBatch.UNDONE
    assert GridWorker.objects.get(name="王伟").role == "专职网格员"
    assert GridWorker.objects.get(name="李娜").is_active
    ledu_admin.post(reverse("importers:undo", args=(first.pk,)))
    assert not GridWorker.objects.filter(district__code="630202").exists()


@pytest.mark.django_db
def test_undo_removes_teams_the_import_created(ledu_admin, ledu):
    text = "姓名,手机号码,所属队伍,累计服务时长\n赵敏,13909710001,新建的红心服务队,12.5\n"
    response = ledu_admin.post(
        reverse("wagtailsnippets_snippets_volunteer:import"), {"file": csv_upload(text, "v.csv", "utf-8")}
    )
    batch = confirm(ledu_admin, ImportBatch.objects.get(pk=response.url.rstrip("/").split("/")[-1]))
    assert VolunteerTeam.objects.filter(district=ledu, name="新建的红心服务队").exists()
    assert str(Volunteer.objects.get(mobile="13909710001").hours) == "12.5"
    ledu_admin.post(reverse("importers:undo", args=(batch.pk,)))
    assert not VolunteerTeam.objects.filter(name="新建的红心服务队").exists()


@pytest.mark.django_db
def test_another_districts_batches_are_out_of_reach(ledu_admin, make_user, client):
    batch = confirm(ledu_admin, upload(ledu_admin, ROSTER)[0])
    client.force_login(make_user("630100", "data_admin"))
    for name in ("importers:batch", "importers:undo", "importers:file"):
        assert client.get(reverse(name, args=(batch.pk,))).status_code == 404
    client.post(reverse("importers:undo", args=(batch.pk,)))
    assert GridWorker.objects.filter(district__code="630202").count() == 3
    assert "乐都花名册.csv" not in client.get(reverse("importers:index")).content.decode()
    assert "王伟" not in client.get(reverse(LIST)).content.decode()


@pytest.mark.django_db
def test_editors_cannot_import(client, make_user):
    client.force_login(make_user("630202", "editor"))
    before = ImportBatch.objects.count()
    response = client.post(reverse(IMPORT), {"file": csv_upload(ROSTER)})
    assert response.status_code in (302, 403)
    assert ImportBatch.objects.count() == before


@pytest.mark.django_db
def test_bad_uploads_are_refused_on_the_form(ledu_admin, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    before = ImportBatch.objects.count()
    cases = [
        (SimpleUploadedFile("空.csv", b""), "空文件"),
        (SimpleUploadedFile("空白.csv", b" \r\n\r\n"), "文件是空的"),
        (SimpleUploadedFile("图.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), "不是表格"),
        (SimpleUploadedFile("大.csv", b"a,b\n" * 400_000), "文件太大"),
    ]
    for upload_file, message in cases:
        response = ledu_admin.post(reverse(IMPORT), {"file": upload_file})
        assert response.status_code == 200
        assert message in str(response.context["form"].errors["file"])
    assert ImportBatch.objects.count() == before


@pytest.mark.django_db
def test_unreadable_table_fails_with_a_message(ledu_admin):
    batch, page = upload(ledu_admin, "名单\n随便写的\n没有表头\n")
    assert batch.status == ImportBatch.FAILED
    assert "没有找到表头" in page.content.decode()


@pytest.mark.django_db
def test_listing_and_export_mask_personal_data(ledu_admin, client, make_user):
    confirm(ledu_admin, upload(ledu_admin, ROSTER)[0])
    full = ledu_admin.get(reverse(LIST) + "?export=csv").content.decode("utf-8-sig")
    assert "13909712345" in full
    client.force_login(make_user("630202", "editor"))  # may view the roster, not personal data
    html = client.get(reverse(LIST)).content.decode()
    assert "王伟" in html and "139****2345" in html and "13909712345" not in html
    masked = client.get(reverse(LIST) + "?export=csv").content.decode("utf-8-sig")
    assert "139****2345" in masked and "13909712345" not in masked
    edit = client.get(reverse("wagtailsnippets_snippets_gridworker:edit", args=(GridWorker.objects.first().pk,)))
    assert "13909712345" not in edit.content.decode() and "1390971234" not in edit.content.decode()


@pytest.mark.django_db
def test_export_follows_the_listing_filters_and_reimports_unchanged(ledu_admin, ledu):
    confirm(ledu_admin, upload(ledu_admin, ROSTER)[0])
    GridWorker.objects.filter(name="张强").update(is_active=False, name='=HYPERLINK("http://x")')
    active = ledu_admin.get(reverse(LIST) + "?export=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(active.content)).active.values)
    assert rows[0][:3] == ("姓名", "性别", "手机号码") and rows[0][-1] == "状态"
    assert len(rows) == 3  # in post only, by default
    everyone = ledu_admin.get(reverse(LIST) + "?export=csv&status=all").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in everyone and "离岗" in everyone
    response = ledu_admin.post(reverse(IMPORT), {"file": SimpleUploadedFile("all.csv", everyone.encode("utf-8-sig"))})
    batch = ImportBatch.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert batch.report["unchanged"] == 3 and batch.report["created"] == 0 and not batch.report["errors"]


@pytest.mark.django_db
def test_template_has_dropdowns_and_text_columns(ledu_admin):
    response = ledu_admin.get(reverse("wagtailsnippets_snippets_gridworker:import_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["姓名*", "性别", "手机号码*"]
    formulas = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert any("专职网格员" in f for f in formulas.values())
    assert sheet.cell(row=2, column=headers.index("身份证号") + 1).number_format == "@"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_large_files_run_in_the_background_worker(ledu_admin, settings):
    settings.IMPORT_BACKGROUND_BYTES = 10
    batch, page = upload(ledu_admin, ROSTER)
    assert batch.status == ImportBatch.PENDING
    assert 'http-equiv="refresh"' in page.content.decode() and "<progress" in page.content.decode()
    call_command("db_worker", "--backend=imports", "--queue-name=imports", "--batch", "--no-startup-delay")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.CHECKED
    batch = confirm(ledu_admin, batch)
    assert batch.status == ImportBatch.RUNNING
    call_command("db_worker", "--backend=imports", "--queue-name=imports", "--batch", "--no-startup-delay")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.DONE and batch.created == 3
