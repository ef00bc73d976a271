"""Giant and hostile inputs for test_giant_inputs.py and bench/fuzz_importers.py --giants: each a
(bytes, filename) made in a moment, most of them small on disk and enormous once believed."""

import io
import re
import tempfile
import zipfile
from pathlib import Path

from .. import files
from . import hostile

HEADER = ["姓名", "手机号码", "所属社区", "岗位"]
ROWS = [HEADER, ["王伟", "13909712345", "兰新社区", "网格长"]]
MB = 1048576
DEPTH = 1_000_000
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>"
)


def _members(kind, rows=ROWS):
    with tempfile.TemporaryDirectory() as folder:
        path = {"xlsx": files.xlsx, "ods": files.ods}[kind](Path(folder) / f"roster.{kind}", rows)
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}


def _zip(members, compression=zipfile.ZIP_STORED):
    """Stored, not deflated, unless asked: a repetitive member would be refused as a zip bomb by its
    compression ratio before the part under test ever saw it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype" else compression)
    return buffer.getvalue()


def _xlsx_with_sheet(edit, compression=zipfile.ZIP_STORED, **members):
    parts = _members("xlsx")
    parts["xl/worksheets/sheet1.xml"] = edit(parts["xl/worksheets/sheet1.xml"])
    parts.update(members)
    return _zip(parts, compression), "roster.xlsx"


def _ods_with_content(edit):
    parts = _members("ods")
    parts["content.xml"] = edit(parts["content.xml"])
    return _zip(parts), "roster.ods"


def declared_dimension():
    """A two-row roster whose <dimension> claims the whole sheet, A1:XFD1048576."""
    return _xlsx_with_sheet(lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml))


def far_cell():
    with tempfile.TemporaryDirectory() as folder:
        return files.far_cell_xlsx(Path(folder) / "far.xlsx").read_bytes(), "roster.xlsx"


def last_row():
    """One cell in row 1,048,576 under a four-column header: four million cells, under the limit."""
    cell = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    return _xlsx_with_sheet(lambda xml: xml.replace(b"</sheetData>", cell))


def nested(compression=zipfile.ZIP_STORED):
    """A million nested elements inside the sheet's data."""
    deep = b"<x>" * DEPTH + b"</x>" * DEPTH
    return _xlsx_with_sheet(lambda xml: xml.replace(b"</sheetData>", deep + b"</sheetData>"), compression)


def nested_deflated():
    return nested(zipfile.ZIP_DEFLATED)


def laughs_xlsx():
    """Billion laughs in the shared strings: ten levels of ten entities each."""
    strings = (
        LAUGHS + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
    )
    return _xlsx_with_sheet(lambda xml: xml, **{"xl/sharedStrings.xml": strings.encode()})


def laughs_ods():
    return _ods_with_content(
        lambda xml: LAUGHS.encode() + re.sub(rb"^<\?xml[^>]*\?>", b"", xml).replace(b"<text:p>", b"<text:p>&lol9;", 1)
    )


def nested_ods():
    return _ods_with_content(
        lambda xml: xml.replace(b"</table:table>", b"<x>" * DEPTH + b"</x>" * DEPTH + b"</table:table>")
    )


def laughs_html():
    html = (
        LAUGHS.replace('<?xml version="1.0"?>', "")
        + "<html><table><tr><td>姓名</td><td>&lol9;</td></tr></table></html>"
    )
    return html.encode(), "roster.xls"


def nested_html():
    return b"<html>" + b"<table><tr><td>" * DEPTH + b"</td></tr></table>" * DEPTH + b"</html>", "roster.xls"


def spans_html():
    """Each cell spanning 1000 × 1000: a billion cells from a few kilobytes."""
    cells = '<td rowspan="1000" colspan="1000">x</td>' * 100
    return f"<html><table><tr><td>姓名</td></tr><tr>{cells}</tr></table></html>".encode(), "roster.xls"


def zip_bomb():
    return files.zip_bomb(50), "roster.xlsx"


def lying_zip_bomb():
    return files.lying_zip_bomb(), "roster.xlsx"


def ods_cells():
    with tempfile.TemporaryDirectory() as folder:
        return files.ods_cell_bomb(Path(folder) / "bomb.ods").read_bytes(), "roster.ods"


def looping_xls():
    return hostile.looping_xls(), "roster.xls"


def long_line():
    """A CSV whose second line is 50 MB long."""
    return "姓名,手机号码\r\n".encode() + b"x" * (50 * MB), "roster.csv"


def open_quote():
    """A CSV whose quote never closes: 50 MB of one field."""
    return '姓名,手机号码\r\n"'.encode() + b"x" * (50 * MB), "roster.csv"


def commas():
    """A 40 MB CSV line of nothing but commas: forty million empty cells."""
    return "姓名,手机号码\r\n".encode() + b"," * (40 * MB), "roster.csv"


def many_lines():
    """A 40 MB CSV of empty lines under a header."""
    return "姓名,手机号码\r\n".encode() + b"\n" * (40 * MB), "roster.csv"


GIANTS = {
    "declared-dimension.xlsx": declared_dimension,
    "far-cell.xlsx": far_cell,
    "last-row.xlsx": last_row,
    "nested.xlsx": nested,
    "nested-deflated.xlsx": nested_deflated,
    "laughs.xlsx": laughs_xlsx,
    "laughs.ods": laughs_ods,
    "nested.ods": nested_ods,
    "cells.ods": ods_cells,
    "laughs-html.xls": laughs_html,
    "nested-html.xls": nested_html,
    "spans-html.xls": spans_html,
    "looping.xls": looping_xls,
    "zip-bomb.xlsx": zip_bomb,
    "lying-zip-bomb.xlsx": lying_zip_bomb,
    "long-line.csv": long_line,
    "open-quote.csv": open_quote,
    "commas.csv": commas,
    "many-lines.csv": many_lines,
}
