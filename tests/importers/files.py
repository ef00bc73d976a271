"""Real spreadsheet files, written the way Excel, WPS, LibreOffice and government platforms write them.

Every builder takes a path (usually under pytest's tmp_path) and rows of Python
values — str, int, float, date, datetime or None — and returns the path. Row and
column numbers in `merges` are 1-based, as Excel shows them.
"""

import csv
import datetime as dt
import io
import random
import struct
import zipfile
from pathlib import Path

TITLE = "玉门市新市区街道网格员花名册（2024年）"


def make_id(region="620981", birth="19900101", sequence="123"):
    """A resident ID number (GB 11643) with its right check digit."""
    body = f"{region}{birth}{sequence}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


WANG_ID = make_id(birth="19900101", sequence="123")  # odd sequence: 男
LI_ID = make_id(birth="19920202", sequence="104")  # even sequence: 女; check digit X

# A grid-worker roster as district administrators keep them: two title rows (the first
# merged across the table), header marks and spacing, a serial-number column, the
# 社区 column merged down over its people, and a closing 合计 row and notes block.
GRID_WORKER_HEADER = [
    "序号",
    "*姓 名",
    "性别",
    "手机号码（必填）",
    "身份证号",
    "所属社区",
    "所属网格",
    "岗位",
    "备用列",
]
GRID_WORKERS = [
    [1, "王　伟", "男", "13909712345", WANG_ID, "兰新社区", "兰新第一网格", "网格长", "x"],
    [2, "李 娜", "", "+86 139-0971-2346", LI_ID.lower(), None, "兰新第一网格1号楼院", "专职网格员", ""],
    [3, "赵强", "男", 13909712347.0, "", None, "", "兼职网格员", ""],
    [4, "孙丽", "女", "86 13909712348", "", "建设社区", "建设第一网格", "楼栋长", ""],
]


def grid_worker_rows(people=GRID_WORKERS, header=GRID_WORKER_HEADER):
    """Title rows, header, people, a blank row, a 合计 row and a notes block, as cell lists."""
    width = len(header)
    return [
        [TITLE] + [None] * (width - 1),
        ["填报单位：新市区街道办事处"] + [None] * (width - 2) + ["2024年3月"],
        list(header),
        *[list(p) for p in people],
        [None] * width,
        ["合计", f"{len(people)}人"] + [None] * (width - 2),
        ["注：1. 身份证号请设为文本格式。"] + [None] * (width - 1),
        ["2. 岗位按下拉选项填写。"] + [None] * (width - 1),
    ]


GRID_WORKER_MERGES = ["A1:I1", "F4:F6"]  # the title across the table; 兰新社区 over 王伟, 李娜, 赵强


def cell_name(row, col):
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _ranges(merges):
    """'A1:C2' or (r1, c1, r2, c2) → (r1, c1, r2, c2), 1-based."""
    from openpyxl.utils.cell import range_boundaries

    for merge in merges:
        if isinstance(merge, str):
            c1, r1, c2, r2 = range_boundaries(merge)
            yield r1, c1, r2, c2
        else:
            yield merge


def _covered(merges):
    """Cells a merge covers other than its top-left one: spreadsheet programs leave them empty."""
    covered = set()
    for r1, c1, r2, c2 in _ranges(merges):
        covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
    return covered


# -- xlsx ---------------------------------------------------------------------------------------


def xlsx(path, rows, *, merges=(), start_row=1, start_col=1, formats=None, sheets_before=0):
    """An .xlsx through openpyxl: real date cells, numbers as numbers, merged ranges.

    `formats` maps a 1-based column number to a number format (e.g. '@' for text).
    `sheets_before` adds empty sheets first, as a workbook left with Sheet1 unused."""
    import openpyxl

    workbook = openpyxl.Workbook()
    for index in range(sheets_before):
        workbook.create_sheet(f"空白{index + 1}", 0)
    sheet = workbook.worksheets[sheets_before]
    sheet.title = "花名册"
    shifted = [
        (r1 + start_row - 1, c1 + start_col - 1, r2 + start_row - 1, c2 + start_col - 1)
        for r1, c1, r2, c2 in _ranges(merges)
    ]
    covered = _covered(shifted)
    for r, cells in enumerate(rows, start=start_row):
        for c, value in enumerate(cells, start=start_col):
            if value is None or (r, c) in covered:
                continue
            cell = sheet.cell(row=r, column=c, value=value)
            if formats and (c - start_col + 1) in formats:
                cell.number_format = formats[c - start_col + 1]
            elif isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for r1, c1, r2, c2 in shifted:
        sheet.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    path = Path(path)
    workbook.save(path)
    return path


# -- xls (Excel 97-2003) --------------------------------------------------------------------------


def xls(path, rows, *, merges=()):
    """An Excel 97-2003 .xls through xlwt, merged ranges written as Excel writes them."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("花名册")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    datetime_style = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm")
    ranges = list(_ranges(merges))
    covered = _covered(ranges)
    starts = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in ranges}
    for r, cells in enumerate(rows, start=1):
        for c, value in enumerate(cells, start=1):
            if (r, c) in covered:
                continue
            style = (
                datetime_style
                if isinstance(value, dt.datetime)
                else date_style
                if isinstance(value, dt.date)
                else xlwt.Style.default_style
            )
            if (r, c) in starts:
                r2, c2 = starts[(r, c)]
                sheet.write_merge(r - 1, r2 - 1, c - 1, c2 - 1, value, style)
            elif value is not None:
                sheet.write(r - 1, c - 1, value, style)
    path = Path(path)
    workbook.save(str(path))
    return path


# -- ods ----------------------------------------------------------------------------------------


def ods(path, rows, *, merges=()):
    """An OpenDocument spreadsheet through odfpy, merges as spanned and covered cells."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="花名册")
    ranges = list(_ranges(merges))
    covered = _covered(ranges)
    spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in ranges}
    for r, cells in enumerate(rows, start=1):
        row = TableRow()
        for c, value in enumerate(cells, start=1):
            if (r, c) in covered:
                row.addElement(CoveredTableCell())
                continue
            extra = {}
            if (r, c) in spans:
                extra = {"numberrowsspanned": spans[(r, c)][0], "numbercolumnsspanned": spans[(r, c)][1]}
            if value is None:
                cell = TableCell(**extra)
            elif isinstance(value, bool):
                cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower(), **extra)
            elif isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=repr(value), **extra)
            elif isinstance(value, (dt.date, dt.datetime)):
                cell = TableCell(valuetype="date", datevalue=value.isoformat(), **extra)
            else:
                cell = TableCell(valuetype="string", **extra)
            if value is not None:
                for line in str(value).split("\n"):
                    cell.addElement(P(text=line))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    path = Path(path)
    document.save(str(path))
    return path


# -- csv ----------------------------------------------------------------------------------------


def csv_text(rows):
    """Rows as Excel writes them to CSV: CRLF, empty cells for None, dates as Excel shows them."""

    def show(value):
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return value.strftime("%Y/%m/%d %H:%M")
        if isinstance(value, dt.date):
            return f"{value.year}/{value.month}/{value.day}"
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return str(value)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([[show(v) for v in row] for row in rows])
    return buffer.getvalue()


def csv_file(path, rows, *, encoding="utf-8"):
    """A CSV in `utf-8`, `utf-8-sig` (with BOM, what Excel writes as "CSV UTF-8") or `gb18030`/`gbk`."""
    path = Path(path)
    path.write_bytes(csv_text(rows).encode(encoding))
    return path


# -- HTML posing as .xls ------------------------------------------------------------------------


def html_xls(path, body_rows, *, encoding="gbk", title="网格员花名册导出"):
    """An .xls that is an HTML table, as government platforms export: a `<meta charset>` and
    rowspan/colspan. `body_rows` are lists of cells; a cell is a value or (value, {"rowspan": n})."""
    lines = [
        "<html><head>",
        f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">',
        f"<title>{title}</title></head><body>",
        '<table border="1">',
    ]
    for cells in body_rows:
        html_cells = []
        for cell in cells:
            value, attrs = cell if isinstance(cell, tuple) else (cell, {})
            spans = "".join(f' {k}="{v}"' for k, v in attrs.items())
            text = "" if value is None else str(value).replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>")
            html_cells.append(f"<td{spans} style=\"mso-number-format:'\\@'\">{text}</td>")
        lines.append("<tr>" + "".join(html_cells) + "</tr>")
    lines.append("</table></body></html>")
    path = Path(path)
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def html_cells(rows, merges=()):
    """Rows and merged ranges as the cells of an HTML table: a merge becomes rowspan/colspan."""
    ranges = list(_ranges(merges))
    covered = _covered(ranges)
    spans = {(r1, c1): {"rowspan": r2 - r1 + 1, "colspan": c2 - c1 + 1} for r1, c1, r2, c2 in ranges}
    return [
        [(value, spans.get((r, c), {})) for c, value in enumerate(cells, start=1) if (r, c) not in covered]
        for r, cells in enumerate(rows, start=1)
    ]


def unmerged(rows, merges):
    """Rows with each value merged down copied into the rows its merge covers (a title merged
    across stays in its first cell, as Excel saves it)."""
    rows = [list(r) for r in rows]
    for r1, c1, r2, c2 in _ranges(merges):
        if r1 == r2:
            continue
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                rows[r - 1][c - 1] = rows[r1 - 1][c1 - 1]
    return rows


def roster(path, kind, rows, merges=()):
    """The same rows as any of the spec's file types: xlsx, xls, ods, csv-utf8, csv-bom, csv-gbk, html."""
    path = Path(path)
    if kind in ("xlsx", "xls", "ods"):
        return {"xlsx": xlsx, "xls": xls, "ods": ods}[kind](path.with_suffix(f".{kind}"), rows, merges=merges)
    if kind.startswith("csv"):  # CSV cannot merge: the merged value is written in every row
        encoding = {"csv-utf8": "utf-8", "csv-bom": "utf-8-sig", "csv-gbk": "gb18030"}[kind]
        return csv_file(path.with_suffix(".csv"), unmerged(rows, merges), encoding=encoding)
    if kind == "html":
        return html_xls(path.with_suffix(".xls"), html_cells(rows, merges))
    raise ValueError(kind)


KINDS = ["xlsx", "xls", "ods", "csv-utf8", "csv-bom", "csv-gbk", "html"]


# -- hostile files ------------------------------------------------------------------------------

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def random_bytes(size=4096, seed=6):
    return random.Random(seed).randbytes(size)


def zip_of(members):
    """A zip archive of {name: bytes}, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


XLSX_SKELETON = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"/>',
    "xl/workbook.xml": b"<workbook/>",
}


def zip_bomb(expanded_mb=50):
    """An 'xlsx' whose sheet is `expanded_mb` MB of zeros: small on disk, huge once expanded."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in XLSX_SKELETON.items():
            archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * 1048576
            for _ in range(expanded_mb):
                member.write(chunk)
    return buffer.getvalue()


def lying_zip_bomb(declared=16 * 1024**3):
    """An 'xlsx' whose central directory declares a 16 GB sheet, made in a millisecond: the
    sizes are patched into the directory, as a crafted bomb would have them."""
    data = bytearray(zip_of({**XLSX_SKELETON, "xl/worksheets/sheet1.xml": b"<worksheet/>"}))
    # Rewrite the sheet's central-directory entry as ZIP64 with the declared size.
    end = data.rindex(b"PK\x05\x06")
    directory_size, directory_offset = struct.unpack("<II", data[end + 12 : end + 20])
    directory = data[directory_offset : directory_offset + directory_size]
    entries, position = [], 0
    while position < len(directory):
        name_length, extra_length, comment_length = struct.unpack("<HHH", directory[position + 28 : position + 34])
        size = 46 + name_length + extra_length + comment_length
        entries.append(bytes(directory[position : position + size]))
        position += size
    patched = []
    for entry in entries:
        name_length = struct.unpack("<H", entry[28:30])[0]
        name = entry[46 : 46 + name_length]
        if name == b"xl/worksheets/sheet1.xml":
            extra = struct.pack("<HHQ", 0x0001, 8, declared)
            entry = (
                entry[:24] + struct.pack("<I", 0xFFFFFFFF) + entry[28:30] + struct.pack("<H", len(extra)) + entry[32:]
            )
            entry = entry[: 46 + name_length] + extra
        patched.append(entry)
    directory = b"".join(patched)
    tail = bytearray(data[end:])
    tail[12:16] = struct.pack("<I", len(directory))
    return bytes(data[:directory_offset]) + directory + bytes(tail)


def encrypted_xlsx(path, rows, password="123456"):
    """A password-protected .xlsx: what Excel writes is an OLE2 container holding the encrypted zip."""
    import msoffcrypto.format.ooxml

    plain = xlsx(Path(path).with_suffix(".plain.xlsx"), rows)
    encrypted = io.BytesIO()
    with plain.open("rb") as source:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt(password, encrypted)
    plain.unlink()
    Path(path).write_bytes(encrypted.getvalue())
    return Path(path)


def far_cell_xlsx(path, reference="XFD1048576"):
    """A 5 KB .xlsx with a roster's header in row 1 and one value far away: calamine would build
    the whole grid between them (17 billion cells for XFD1048576) and abort the process."""
    rows = [["姓名", "手机号码", "所属社区", "岗位"], ["王伟", "13909712345", "兰新社区", "网格长"]]
    path = xlsx(path, rows)
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    workbook.active[reference] = "x"
    workbook.save(path)
    return path


def ods_cell_bomb(path, rows=1048576, columns=16384):
    """An .ods whose one row holds a value repeated across `columns`, the row repeated `rows` times."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="花名册")
    header = TableRow()
    for name in ("姓名", "手机号码"):
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=name))
        header.addElement(cell)
    table.addElement(header)
    row = TableRow(numberrowsrepeated=rows)
    cell = TableCell(valuetype="float", value="1", numbercolumnsrepeated=columns)
    cell.addElement(P(text="1"))
    row.addElement(cell)
    table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return Path(path)


def ods_with_libreoffice_padding(path, rows):
    """An .ods as LibreOffice saves it: every row padded with empty cells to the sheet's last
    column, and the empty rows below repeated to the sheet's last row."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="花名册")
    for values in rows:
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            row.addElement(cell)
        row.addElement(TableCell(numbercolumnsrepeated=16384 - len(values)))
        table.addElement(row)
    padding = TableRow(numberrowsrepeated=1048576 - len(rows))
    padding.addElement(TableCell(numbercolumnsrepeated=16384))
    table.addElement(padding)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return Path(path)
