"""`manage.py export_district`: one district's whole content, nothing of another's, personal data masked."""

import io
import json
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.models import Page

from districts.models import DistrictHomePage
from importers.datasets import DATASETS
from snippets.models import Community, GridWorker

pytestmark = pytest.mark.django_db

XINING_MOBILE, YUMEN_MOBILE = "13909710001", "13909370002"


@pytest.fixture
def people(xining, yumen):
    """One grid worker in each district, with numbers that appear nowhere else."""
    for district, name, mobile, id_number in (
        (xining, "西宁测试网格员", XINING_MOBILE, "630102199001011234"),
        (yumen, "玉门测试网格员", YUMEN_MOBILE, "620981199001015678"),
    ):
        GridWorker.objects.create(
            district=district,
            name=name,
            mobile=mobile,
            id_number=id_number,
            community=Community.objects.filter(district=district).first(),
            role="网格长",
        )


def export(tmp_path, code, *args):
    path = tmp_path / f"{code}.zip"
    stderr = io.StringIO()
    call_command("export_district", code, str(path), *args, stderr=stderr)
    return zipfile.ZipFile(path), stderr.getvalue()


def all_text(archive):
    """Every cell of every roster and every JSON file, as one string."""
    parts = []
    for name in archive.namelist():
        if name.endswith(".json"):
            parts.append(archive.read(name).decode())
        elif name.endswith(".xlsx"):
            book = openpyxl.load_workbook(io.BytesIO(archive.read(name)), read_only=True)
            for sheet in book.worksheets:
                parts.extend(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell)
    return "\n".join(parts)


def test_the_archive_holds_the_districts_pages_revisions_rosters_and_files(tmp_path, xining, people):
    archive, message = export(tmp_path, "630100")
    names = set(archive.namelist())
    assert {"manifest.json", "pages.json", "records.json", "images.json", "documents.json"} <= names
    assert {f"rosters/{dataset}.xlsx" for dataset in DATASETS} <= names
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["district"] == {"code": "630100", "name": xining.name}
    assert manifest["personal_data"] == "masked"

    home = DistrictHomePage.objects.get(district=xining)
    pages = json.loads(archive.read("pages.json"))
    expected = set(Page.objects.descendant_of(home, inclusive=True).values_list("pk", flat=True))
    assert {page["id"] for page in pages} == expected
    first = pages[0]
    assert first["type"] == "districts.districthomepage" and first["data"]["title"] == home.title
    assert all(page["revisions"] for page in pages if page["live"])  # published pages have their revisions
    assert all(rev["content"]["pk"] == page["id"] for page in pages for rev in page["revisions"])

    images = json.loads(archive.read("images.json"))
    assert images and all(image["file"] in names for image in images)
    assert manifest["counts"]["images"] == len(images)
    assert "已导出" in message and "已打码" in message


def test_nothing_of_another_district(tmp_path, xining, yumen, people):
    archive, _ = export(tmp_path, "630100")
    text = all_text(archive)
    assert "西宁测试网格员" in text and "玉门测试网格员" not in text
    yumen_home = DistrictHomePage.objects.get(district=yumen)
    yumen_pages = set(Page.objects.descendant_of(yumen_home, inclusive=True).values_list("pk", flat=True))
    assert not yumen_pages & {page["id"] for page in json.loads(archive.read("pages.json"))}
    for rows in json.loads(archive.read("records.json")).values():
        assert {row["district_id"] for row in rows} == {xining.pk}
    yumen_images = set(
        get_image_model().objects.filter(collection=yumen.collection).values_list("pk", flat=True)
    )
    assert not yumen_images & {image["id"] for image in json.loads(archive.read("images.json"))}


def test_personal_data_masked_unless_asked(tmp_path, people):
    archive, _ = export(tmp_path, "630100")
    text = all_text(archive)
    assert XINING_MOBILE not in text and "630102199001011234" not in text
    assert "139****0001" in text and "630102********1234" in text

    archive, message = export(tmp_path, "630100", "--no-mask")
    text = all_text(archive)
    assert XINING_MOBILE in text and "630102199001011234" in text
    assert json.loads(archive.read("manifest.json"))["personal_data"] == "unmasked"
    assert "妥善保管" in message


def test_bad_arguments_are_refused_in_chinese(tmp_path):
    with pytest.raises(CommandError, match="行政区划代码 999999 不存在"):
        call_command("export_district", "999999", str(tmp_path / "x.zip"))
    with pytest.raises(CommandError, match=r"须以 \.zip 结尾"):
        call_command("export_district", "630100", str(tmp_path / "x.tar"))
    assert not list(tmp_path.iterdir())
