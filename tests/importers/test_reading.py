"""The reading layer: every file type the spec lists becomes the same rows, numbered as Excel shows them."""

import datetime as dt

import pytest

from importers.errors import TableError
from importers.headers import find_header
from importers.reading import read_table, sniff

from . import files

MAX = 10 * 1048576

WRITERS = {"xlsx": files.xlsx, "xls": files.xls, "ods": files.ods}


def read(path):
    return read_table(path.read_bytes(), path.name, max_bytes=MAX)


def numbered(table):
    return dict(table.numbered())


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_spreadsheets_read_the_same_rows(tmp_path, kind):
    path = WRITERS[kind](tmp_path / f"roster.{kind}", files.grid_worker_rows(), merges=files.GRID_WORKER_MERGES)
    table = read(path)
    assert table.kind == kind
    rows = numbered(table)
    assert rows[3][:4] == ["序号", "*姓 名", "性别", "手机号码（必填）"]
    assert rows[4][1] == "王\u3000伟"
    assert rows[4][0] == 1  # numbers stay numbers (1.0 or 1, as the format stores them)
    assert rows[6][3] == 13909712347  # a mobile stored as a number
    # the 社区 column merged down over three people belongs to each of them
    assert [rows[n][5] for n in (4, 5, 6, 7)] == ["兰新社区", "兰新社区", "兰新社区", "建设社区"]
    assert rows[9][0] == "合计"


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_dates_and_numbers_keep_their_types(tmp_path, kind):
    rows = [
        ["姓名", "注册日期", "报到时间", "时长", "身份证号"],
        ["王伟", dt.date(2023, 1, 5), dt.datetime(2023, 1, 5, 14, 30), 12.5, 6.30102199001011e17],
    ]
    table = read(WRITERS[kind](tmp_path / f"t.{kind}", rows))
    cells = numbered(table)[2]
    assert cells[1] in (dt.date(2023, 1, 5), dt.datetime(2023, 1, 5))
    assert cells[2] == dt.datetime(2023, 1, 5, 14, 30)
    assert cells[3] == 12.5
    assert isinstance(cells[4], float)  # the ID number Excel turned into a number


def test_xlsx_that_starts_below_and_right_of_a1_is_numbered_as_excel_shows_it(tmp_path):
    """A sheet whose first cell is B3: row numbers count the empty rows above, merges still line up."""
    path = files.xlsx(
        tmp_path / "offset.xlsx", files.grid_worker_rows(), merges=files.GRID_WORKER_MERGES, start_row=3, start_col=2
    )
    rows = numbered(read(path))
    assert "*姓 名" in rows[5]
    names = {n: [c for c in rows[n] if c][1] for n in (6, 7, 8, 9)}
    assert names == {6: "王\u3000伟", 7: "李 娜", 8: "赵强", 9: "孙丽"}
    community = rows[5].index("所属社区")
    assert [rows[n][community] for n in (6, 7, 8, 9)] == ["兰新社区", "兰新社区", "兰新社区", "建设社区"]


def test_first_sheet_with_data_is_read(tmp_path):
    path = files.xlsx(tmp_path / "sheets.xlsx", [["姓名", "手机号码"], ["王伟", "13909712345"]], sheets_before=2)
    assert numbered(read(path))[2] == ["王伟", "13909712345"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_encodings_are_detected_from_the_bytes(tmp_path, encoding):
    path = files.csv_file(tmp_path / "roster.csv", files.grid_worker_rows(), encoding=encoding)
    table = read(path)
    assert table.kind == "csv"
    assert table.encoding == {"gbk": "gb18030"}.get(encoding, encoding)
    rows = numbered(table)
    assert rows[1][0] == files.TITLE
    assert rows[3][1] == "*姓 名"
    assert rows[4][1] == "王\u3000伟"
    assert rows[9][0] == "合计"


def test_csv_with_semicolons_and_commas_in_cells_keeps_its_columns(tmp_path):
    rows = [
        ["志愿者名册"],
        ["姓名", "手机号码", "服务特长", "所属队伍"],
        ["王伟", "13909712345", "理发;义诊", "红马甲服务队"],
        ["李娜", "13909712346", "理发,义诊", "红马甲服务队"],
        ["赵强", "13909712347", "家电维修；心理疏导", "红马甲服务队"],
    ]
    table = read(files.csv_file(tmp_path / "v.csv", rows, encoding="utf-8-sig"))
    assert numbered(table)[3] == ["王伟", "13909712345", "理发;义诊", "红马甲服务队"]
    assert numbered(table)[4] == ["李娜", "13909712346", "理发,义诊", "红马甲服务队"]


def test_tab_separated_text_saved_as_csv(tmp_path):
    path = tmp_path / "tabs.csv"
    path.write_bytes("姓名\t手机号码\r\n王伟\t13909712345\r\n".encode("gb18030"))
    assert numbered(read(path))[2] == ["王伟", "13909712345"]


def test_csv_with_line_breaks_inside_cells(tmp_path):
    rows = [["姓名", "手机号码\n（必填）"], ["王伟", "13909712345"]]
    assert numbered(read(files.csv_file(tmp_path / "lb.csv", rows)))[1][1] == "手机号码\n（必填）"


def test_excel_unicode_text_utf16_is_read(tmp_path):
    """Excel's "Unicode text" is UTF-16 with a BOM, tab-separated."""
    path = tmp_path / "unicode.csv"
    path.write_bytes("姓名\t手机号码\r\n王伟\t13909712345\r\n".encode("utf-16"))
    assert numbered(read(path))[2] == ["王伟", "13909712345"]


def test_html_table_saved_as_xls(tmp_path):
    path = files.html_xls(
        tmp_path / "export.xls",
        [
            [(files.TITLE, {"colspan": 4})],
            ["姓名", "手机号码", "所属社区", "岗位"],
            ["王伟", "13909712345", ("兰新社区", {"rowspan": 2}), "网格长"],
            ["李娜", "13909712346", "专职网格员"],
            ["孙丽", "13909712348", "建设社区", ("楼栋长&单元长", {})],
        ],
        encoding="gbk",
    )
    table = read(path)
    assert table.kind == "html"
    assert table.encoding == "gb18030"
    rows = numbered(table)
    assert rows[1] == [files.TITLE] * 4
    assert rows[3] == ["王伟", "13909712345", "兰新社区", "网格长"]
    assert rows[4] == ["李娜", "13909712346", "兰新社区", "专职网格员"]
    assert rows[5] == ["孙丽", "13909712348", "建设社区", "楼栋长&单元长"]


def test_html_table_with_rowspan_in_the_last_column_and_line_breaks(tmp_path):
    path = files.html_xls(
        tmp_path / "export.xls",
        [
            ["姓名", "所属社区"],
            ["王伟", ("兰新社区", {"rowspan": 3})],
            ["李娜"],
            ["赵强"],
            ["孙丽\n(组长)", "建设社区"],
        ],
        encoding="utf-8",
    )
    rows = numbered(read(path))
    assert [rows[n] for n in (2, 3, 4)] == [["王伟", "兰新社区"], ["李娜", "兰新社区"], ["赵强", "兰新社区"]]
    assert rows[5] == ["孙丽\n(组长)", "建设社区"]


def test_html_with_a_title_table_before_the_data_table(tmp_path):
    """Some platforms put the title in a table of its own above the data: both are read, stacked."""
    path = tmp_path / "two.xls"
    path.write_bytes(
        "<html><body><table><tr><td>网格员名单</td></tr></table>"
        "<table><tr><th>姓名</th><th>手机号码</th></tr><tr><td>王伟</td><td>13909712345</td></tr></table>"
        "</body></html>".encode()
    )
    rows = list(read(path).rows)
    assert ["姓名", "手机号码"] in rows and ["王伟", "13909712345"] in rows


@pytest.mark.parametrize(
    ("builder", "name", "kind"),
    [
        (lambda p: files.xlsx(p, [["a"]]), "looks-like.xls", "xlsx"),
        (lambda p: files.xls(p, [["a"]]), "looks-like.xlsx", "xls"),
        (lambda p: files.ods(p, [["a"]]), "looks-like.xlsx", "ods"),
        (lambda p: files.csv_file(p, [["a", "b"]]), "looks-like.xlsx", "csv"),
        (lambda p: files.html_xls(p, [["a"]]), "looks-like.xls", "html"),
    ],
)
def test_type_comes_from_the_bytes_not_the_extension(tmp_path, builder, name, kind):
    path = builder(tmp_path / f"real.{kind}")
    assert sniff(path.read_bytes(), name, max_bytes=MAX) == kind


class Col:
    def __init__(self, key, *names, required=False):
        from importers.headers import normalise_header

        self.key = self.attribute = self.header = key
        self.names = {normalise_header(n) for n in (key, *names)}
        self.required = required


COLUMNS = [Col("姓名", required=True), Col("手机号码", "手机号", required=True), Col("所属社区", "社区")]


def test_header_is_the_first_row_within_ten_holding_the_required_columns(tmp_path):
    table = read(files.xlsx(tmp_path / "h.xlsx", files.grid_worker_rows(), merges=files.GRID_WORKER_MERGES))
    offset, mapping, ignored = find_header(table, COLUMNS)
    assert offset == 2
    assert {i: c.key for i, c in mapping.items()} == {1: "姓名", 3: "手机号码", 5: "所属社区"}
    assert ignored == ["序号", "性别", "身份证号", "所属网格", "岗位", "备用列"]


def test_header_below_row_ten_is_not_found():
    from importers.reading.table import Table

    table = Table(rows=[[f"第{i}行说明"] for i in range(10)] + [["姓名", "手机号码"], ["王伟", "13909712345"]])
    with pytest.raises(TableError, match="缺少的列：姓名、手机号码"):
        find_header(table, COLUMNS)


def test_header_names_the_missing_required_columns():
    from importers.reading.table import Table

    with pytest.raises(TableError, match=r"没有找到表头.*缺少的列：手机号码"):
        find_header(Table(rows=[["姓名", "电话号"], ["王伟", "13909712345"]]), COLUMNS)


def test_html_with_cells_and_rows_left_open(tmp_path):
    path = tmp_path / "sloppy.xls"
    path.write_bytes("<table><tr><td>姓名<td>手机号码<tr><td>王伟<td>13909712345</table>".encode())
    assert list(read(path).rows) == [["姓名", "手机号码"], ["王伟", "13909712345"]]
