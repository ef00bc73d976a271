"""Files that are not tables, or not safe to read: refused with exit status 2 and a message on stderr,
before anything is expanded or written."""

import io
import time
import zipfile
from contextlib import contextmanager

import pytest
import python_calamine
from django.test import override_settings

from importers.commands import read_upload
from importers.errors import TableError
from importers.reading import read_table

from . import files
from .conftest import snapshot

pytestmark = pytest.mark.django_db


def refused(run, tmp_path, data, name="roster.xlsx", *args):
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot()
    result = run("grid_workers", path, *args)
    assert result.code == 2, result
    assert result.stdout == ""  # --format json prints nothing on stdout when there is no report
    assert result.stderr.strip()
    assert snapshot() == before
    return result.stderr


@pytest.fixture
def never_expanded(monkeypatch):
    """`with never_expanded():` fails the test if anything opens a member of an archive or hands
    the file to calamine."""

    def forbidden(*args, **kwargs):
        raise AssertionError("the archive was expanded")

    @contextmanager
    def guard():
        with monkeypatch.context() as patch:
            patch.setattr(python_calamine.CalamineWorkbook, "from_filelike", forbidden)
            patch.setattr(zipfile.ZipFile, "open", forbidden)
            yield

    return guard


# -- empty, and not a table ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "roster.xlsx", "文件是空的"),
        (b" \r\n\t\r\n", "roster.csv", "文件是空的"),
        (b"\xef\xbb\xbf", "roster.csv", "没有任何数据"),
        (b",,,\r\n,,,\r\n", "roster.csv", "没有任何数据"),
        (files.PNG, "roster.xlsx", "图片"),
        (files.PDF, "roster.xls", "PDF"),
        (files.random_bytes(), "roster.xlsx", "文件不是表格"),
        (b"PK\x03\x04" + files.random_bytes(2000), "roster.xlsx", "文件已损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + files.random_bytes(2000), "roster.xls", "文件已损坏或加密"),
    ],
    ids=["empty", "blank", "bom-only", "commas-only", "png", "pdf", "random", "broken-zip", "broken-ole2"],
)
def test_empty_and_not_a_table(run, tmp_path, data, name, message):
    assert message in refused(run, tmp_path, data, name)


def test_workbook_with_no_data(run, tmp_path):
    path = files.xlsx(tmp_path / "blank.xlsx", [])
    assert "没有任何数据" in refused(run, tmp_path, path.read_bytes())


def test_plain_text_that_is_not_a_roster(run, tmp_path):
    letter = "各社区：\r\n请于本周五前报送网格员名单。\r\n新市区街道办事处\r\n".encode("gb18030")
    assert "没有找到表头" in refused(run, tmp_path, letter, "notice.csv")


def test_zip_that_is_not_a_spreadsheet(run, tmp_path):
    data = files.zip_of({"名单.txt": "王伟 13909712345".encode(), "照片.jpg": files.PNG})
    assert "压缩包而不是表格" in refused(run, tmp_path, data)


def test_word_document_named_xlsx(run, tmp_path):
    data = files.zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert "Word 文档" in refused(run, tmp_path, data)


def test_missing_file(run, tmp_path):
    result = run("grid_workers", tmp_path / "nowhere.xlsx")
    assert result.code == 2 and "无法读取文件" in result.stderr


# -- broken and locked spreadsheets ----------------------------------------------------------


def test_truncated_xlsx(run, tmp_path):
    data = files.xlsx(tmp_path / "whole.xlsx", files.grid_worker_rows()).read_bytes()
    assert "损坏" in refused(run, tmp_path, data[: len(data) // 2])


def test_xlsx_with_a_damaged_member(run, tmp_path):
    data = bytearray(files.xlsx(tmp_path / "whole.xlsx", files.grid_worker_rows()).read_bytes())
    start = data.index(b"xl/worksheets/sheet1.xml") + 40  # inside the sheet's compressed bytes
    data[start : start + 200] = files.random_bytes(200)
    assert "损坏" in refused(run, tmp_path, bytes(data))


def test_password_protected_xlsx(run, tmp_path):
    data = files.encrypted_xlsx(tmp_path / "locked.xlsx", files.grid_worker_rows()).read_bytes()
    assert data.startswith(b"\xd0\xcf\x11\xe0")  # an OLE2 container, as Excel writes it
    assert "密码" in refused(run, tmp_path, data, "locked.xlsx")


# -- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "姓名,手机号码,所属社区,岗位\r\nZoë Müller,13909712345,兰新社区,网格长\r\n".encode()[:-30] + b"\xe9\xe8,x\r\n",
        "Café,Zoë\r\nMüller,1\r\n".encode("latin-1"),
        "姓名,手機號碼,所屬社區,崗位\r\n王偉,13909712345,蘭新社區,網格長\r\n".encode("big5"),
        b"\xef\xbb\xbf" + "姓名,手机号码\r\n".encode("gb18030"),  # a BOM that lies
    ],
    ids=["broken-utf8", "latin-1", "big5", "lying-bom"],
)
def test_csv_in_an_undetectable_encoding(run, tmp_path, data):
    assert "无法识别文件编码" in refused(run, tmp_path, data, "roster.csv")


# -- zip bombs ---------------------------------------------------------------------------------


@override_settings(IMPORT_MAX_EXPANDED_BYTES=10 * 1048576, IMPORT_MAX_COMPRESSION_RATIO=10**6)
def test_zip_bomb_beyond_the_expanded_limit(run, tmp_path, never_expanded):
    data = files.zip_bomb(50)  # 50 MB of zeros in about 230 KB
    assert len(data) < 1048576
    started = time.monotonic()
    with never_expanded():
        assert "压缩炸弹" in refused(run, tmp_path, data)
    assert time.monotonic() - started < 2


def test_zip_bomb_beyond_the_compression_ratio(run, tmp_path, never_expanded):
    data = files.zip_bomb(50)
    with never_expanded():
        assert "压缩炸弹" in refused(run, tmp_path, data)


def test_zip_bomb_with_the_real_default_limit_is_refused_from_its_directory(run, tmp_path, never_expanded):
    """A 16 GB sheet declared in the central directory (a crafted bomb): refused from the numbers alone,
    at once, with the default limits."""
    data = files.lying_zip_bomb(16 * 1024**3)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 16 * 1024**3
    assert len(data) < 2000
    started = time.monotonic()
    with never_expanded():
        assert "压缩炸弹" in refused(run, tmp_path, data)
    assert time.monotonic() - started < 1


def test_archive_with_too_many_members(run, tmp_path, never_expanded):
    data = files.zip_of({**files.XLSX_SKELETON, **{f"xl/media/image{i}.png": b"" for i in range(2001)}})
    with never_expanded():
        assert "压缩炸弹" in refused(run, tmp_path, data)


@override_settings(IMPORT_MAX_EXPANDED_BYTES=1000)
def test_zip_bomb_refused_by_the_admin_reader_too(never_expanded):
    data = files.zip_bomb(1)
    with never_expanded(), pytest.raises(TableError, match="压缩炸弹"):
        read_upload(data, "roster.xlsx")


def test_a_member_larger_than_it_declares_is_not_read_past_its_size(tmp_path):
    """A bomb that lies the other way (small declared size, huge data) is stopped by the reader."""
    data = bytearray(files.xlsx(tmp_path / "big.xlsx", [[f"名字{i}", i] for i in range(3000)]).read_bytes())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    # declare 1000 bytes in the local header and in the central directory
    data[info.header_offset + 22 : info.header_offset + 26] = (1000).to_bytes(4, "little")
    end = data.rindex(b"PK\x05\x06")
    offset = int.from_bytes(data[end + 16 : end + 20], "little")
    position = offset
    while True:
        name_length, extra_length, comment_length = (
            int.from_bytes(data[position + k : position + k + 2], "little") for k in (28, 30, 32)
        )
        if data[position + 46 : position + 46 + name_length] == b"xl/worksheets/sheet1.xml":
            data[position + 24 : position + 28] = (1000).to_bytes(4, "little")
            break
        position += 46 + name_length + extra_length + comment_length
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml").file_size == 1000
    with pytest.raises(TableError, match="损坏"):
        read_table(bytes(data), "big.xlsx", max_bytes=10 * 1048576)


# -- too large ---------------------------------------------------------------------------------


def test_50_mb_file_through_the_admin_limit():
    data = b"\0" * (50 * 1048576)
    started = time.monotonic()
    with pytest.raises(TableError, match=r"文件太大（50.0 MB），上限为 40 MB"):
        read_upload(data, "roster.xlsx")
    assert time.monotonic() - started < 1


def test_40_mb_is_still_within_the_admin_limit():
    with pytest.raises(TableError) as info:
        read_upload(b"\0" * (40 * 1048576), "roster.xlsx")
    assert "太大" not in str(info.value)


@override_settings(IMPORT_MAX_FILE_MB=40)
def test_50_mb_file_through_the_command_is_refused_before_it_is_read(run, tmp_path, monkeypatch):
    from pathlib import Path

    path = tmp_path / "big.csv"
    with path.open("wb") as out:
        out.truncate(50 * 1048576)  # a sparse 50 MB file
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    result = run("grid_workers", path)
    assert result.code == 2 and result.stdout == ""
    assert "文件太大（50.0 MB），上限为 40 MB" in result.stderr


def upload_form(make_user, name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from importers.forms import UploadForm

    user = make_user("620981", "data_admin")
    return UploadForm(data={}, files={"file": SimpleUploadedFile(name, data)}, user=user)


def test_50_mb_upload_is_refused_by_the_admin_form(make_user):
    form = upload_form(make_user, "roster.xlsx", b"\0" * (50 * 1048576))
    assert not form.is_valid()
    assert "文件太大（50.0 MB），上限为 40 MB" in form.errors["file"][0]


@pytest.mark.parametrize(
    ("data", "message"),
    [(files.lying_zip_bomb(), "压缩炸弹"), (files.PNG, "图片"), (b"", "文件")],
    ids=["zip-bomb", "png", "empty"],
)
def test_bad_uploads_are_refused_by_the_admin_form(make_user, never_expanded, data, message):
    with never_expanded():
        form = upload_form(make_user, "roster.xlsx", data)
        assert not form.is_valid()
    assert message in form.errors["file"][0]


# -- sheets whose grid would be enormous --------------------------------------------------------


@pytest.mark.parametrize("reference", ["XFD1048576", "A1048576", "XFD1000", "A999999"])
def test_a_value_far_away_is_refused_before_calamine_builds_the_grid(run, tmp_path, never_expanded, reference):
    """One value at XFD1048576 in a 5 KB file would make calamine allocate 17 billion cells and abort
    the process (an allocation failure Python cannot catch)."""
    data = files.far_cell_xlsx(tmp_path / "far.xlsx", reference).read_bytes()
    assert len(data) < 10_000
    from unittest import mock

    with mock.patch.object(python_calamine.CalamineWorkbook, "from_filelike", side_effect=AssertionError("read")):
        started = time.monotonic()
        assert "范围过大" in refused(run, tmp_path, data)
    assert time.monotonic() - started < 1


def test_a_wide_roster_is_not_refused(run, tmp_path):
    header = ["姓名", "手机号码", "所属社区", "岗位", *[f"备用{i}" for i in range(40)]]
    rows = [header, ["王伟", "13909712345", "兰新社区", "网格长", *range(40)]]
    result = run("grid_workers", files.xlsx(tmp_path / "wide.xlsx", rows))
    assert result.code == 0 and result.report["created"] == 1
    assert len(result.report["ignored_columns"]) == 40


@override_settings(IMPORT_MAX_CELLS=1000)
def test_the_cell_limit_is_a_setting(tmp_path):
    rows = [["姓名", "手机号码"], *[[f"人{i}", f"139{i:08d}"] for i in range(600)]]
    data = files.xlsx(tmp_path / "many.xlsx", rows).read_bytes()
    with pytest.raises(TableError, match=r"601 行 × 26 列"):
        read_table(data, "many.xlsx", max_bytes=len(data))


def test_ods_with_a_value_repeated_over_the_whole_sheet_is_refused(run, tmp_path):
    from unittest import mock

    data = files.ods_cell_bomb(tmp_path / "bomb.ods").read_bytes()
    assert len(data) < 20_000
    with mock.patch.object(python_calamine.CalamineWorkbook, "from_filelike", side_effect=AssertionError("read")):
        assert "范围过大" in refused(run, tmp_path, data, "bomb.ods")


def test_ods_padded_to_the_sheets_edge_by_libreoffice_is_read(run, tmp_path):
    rows = [["姓名", "手机号码", "所属社区", "岗位"], ["王伟", "13909712345", "兰新社区", "网格长"]]
    path = files.ods_with_libreoffice_padding(tmp_path / "padded.ods", rows)
    result = run("grid_workers", path)
    assert result.code == 0, result
    assert result.report["created"] == 1


def test_html_table_whose_spans_ask_for_billions_of_cells(run, tmp_path):
    cells = '<td rowspan="1000" colspan="1000">x</td>' * 200
    data = f"<table><tr><td>姓名</td><td>手机号码</td></tr><tr>{cells}</tr></table>".encode()
    started = time.monotonic()
    assert "范围过大" in refused(run, tmp_path, data, "export.xls")
    assert time.monotonic() - started < 2


def test_xls_with_a_value_in_its_last_cell_is_refused_before_calamine(run, tmp_path):
    """A 6 KB .xls with a value in IV65536 costs calamine seconds and a gigabyte."""
    from unittest import mock

    import xlwt

    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("花名册")
    sheet.write(0, 0, "姓名")
    sheet.write(65535, 255, "x")
    buffer = io.BytesIO()
    workbook.save(buffer)
    with mock.patch.object(python_calamine.CalamineWorkbook, "from_filelike", side_effect=AssertionError("read")):
        assert "范围过大（65536 行 × 256 列）" in refused(run, tmp_path, buffer.getvalue(), "roster.xls")


def test_xls_workbook_stream_is_read_from_the_container():
    import xlwt

    from importers.reading.extent import _ole_stream

    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("花名册")
    for row in range(2000):
        sheet.write(row, 0, f"名字{row}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    stream = _ole_stream(buffer.getvalue(), ("Workbook",))
    assert stream.startswith(b"\x09\x08")  # a BIFF8 BOF record
    assert len(stream) > 4096  # read through the FAT, not the mini stream
