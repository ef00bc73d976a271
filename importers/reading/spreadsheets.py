"""xlsx, xls and ods through python-calamine (a Rust reader, ~10× faster than openpyxl)."""

import io
import xml.etree.ElementTree as ET
import zipfile

import python_calamine

from ..errors import TableError
from .extent import check_extent
from .sniff import PASSWORD_PROTECTED
from .table import Table

KIND_NAMES = {"xlsx": "Excel", "xls": "Excel 97-2003", "ods": "ODS"}


STREAM_ROWS = 5000  # taller sheets are turned into Python rows as the import reads them


def read_spreadsheet(data: bytes, kind: str) -> Table:
    try:
        check_extent(data, kind)  # before calamine allocates the sheet's whole grid
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        index, sheet = _first_sheet_with_data(workbook)
        merged = (sheet.merged_cell_ranges or []) if sheet else []
        if sheet is not None and kind == "ods":
            merged = _ods_merged(data, index)  # calamine does not report ODS spans
        if sheet is None:
            raise TableError("文件中没有任何数据。")
        if sheet.height <= STREAM_ROWS:
            return Table(rows=list(_rows(sheet, merged)), first_row=1, kind=kind)
    except TableError:
        raise
    except python_calamine.PasswordError:
        raise TableError(PASSWORD_PROTECTED) from None
    except Exception:  # calamine raises several error types for a broken file
        raise TableError(f"文件已损坏或加密，无法作为 {KIND_NAMES[kind]} 文件读取。") from None
    return Table(first_row=1, kind=kind, stream=lambda: _rows(sheet, merged), size=sheet.start[0] + sheet.height)


def _first_sheet_with_data(workbook):
    """The first sheet holding any value."""
    for index in range(len(workbook.sheet_names)):
        sheet = workbook.get_sheet_by_index(index)
        if not sheet.height:
            continue
        if any(v not in ("", None) and str(v).strip() for row in sheet.iter_rows() for v in row):
            return index, sheet
    return None, None


def _rows(sheet, merged):
    """The sheet's rows from A1: row i is Excel row i + 1 and merged ranges index it directly.
    (`iter_rows` starts rows at row 1 but columns at the first used one: they are padded.)
    A merged cell's value belongs to every cell it covers (a 社区 merged over its rows)."""
    pad = [""] * sheet.start[1]
    ranges = sorted(((r1, c1), (r2, c2)) for (r1, c1), (r2, c2) in merged if r1 >= 0 and c1 >= 0)
    active, next_range = [], 0
    for r, row in enumerate(sheet.iter_rows()):
        if pad:
            row = pad + row
        while next_range < len(ranges) and ranges[next_range][0][0] <= r:
            (r1, c1), (r2, c2) = ranges[next_range]
            next_range += 1
            if r1 == r:
                active.append((r2, c1, c2, row[c1] if c1 < len(row) else ""))
        if active:
            active = [a for a in active if a[0] >= r]
            for _r2, c1, c2, value in active:
                for c in range(c1, min(c2, len(row) - 1) + 1):
                    if row[c] in ("", None):
                        row[c] = value
        yield row


TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
T_TABLE, T_ROW = f"{{{TABLE_NS}}}table", f"{{{TABLE_NS}}}table-row"
T_CELLS = (f"{{{TABLE_NS}}}table-cell", f"{{{TABLE_NS}}}covered-table-cell")
T_ROWS_REPEATED, T_COLS_REPEATED = f"{{{TABLE_NS}}}number-rows-repeated", f"{{{TABLE_NS}}}number-columns-repeated"
T_ROWS_SPANNED, T_COLS_SPANNED = f"{{{TABLE_NS}}}number-rows-spanned", f"{{{TABLE_NS}}}number-columns-spanned"


def _ods_merged(data, sheet_index):
    """Merged ranges ((r1, c1), (r2, c2)) of one sheet of an .ods, from its spanned cells."""
    merged, table, row, col, depth = [], -1, 0, 0, 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as content:
        for event, element in ET.iterparse(content, events=("start", "end")):
            tag = element.tag
            if tag == T_TABLE:
                depth += 1 if event == "start" else -1
                if event == "start" and depth == 1:
                    table, row = table + 1, 0
                elif event == "end" and depth == 0 and table == sheet_index:
                    break
                continue
            if table != sheet_index or depth != 1 or event != "end":
                continue
            if tag in T_CELLS:
                rows_spanned = int(element.get(T_ROWS_SPANNED, 1))
                cols_spanned = int(element.get(T_COLS_SPANNED, 1))
                if rows_spanned > 1 or cols_spanned > 1:
                    merged.append(((row, col), (row + rows_spanned - 1, col + cols_spanned - 1)))
                col += int(element.get(T_COLS_REPEATED, 1))
                element.clear()
            elif tag == T_ROW:
                row += int(element.get(T_ROWS_REPEATED, 1))
                col = 0
                element.clear()
    return merged
