"""xlsx, xls and ods through python-calamine (a Rust reader, ~10× faster than openpyxl)."""

import io

import python_calamine

from ..errors import TableError
from .table import Table

KIND_NAMES = {"xlsx": "Excel", "xls": "Excel 97-2003", "ods": "ODS"}


def read_spreadsheet(data: bytes, kind: str) -> Table:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = _first_sheet_with_data(workbook)
        rows = [list(row) for row in sheet.iter_rows()] if sheet else []
        merged = (sheet.merged_cell_ranges or []) if sheet else []
    except TableError:
        raise
    except Exception:  # calamine raises several error types for a broken file
        raise TableError(f"文件已损坏或加密，无法作为 {KIND_NAMES[kind]} 文件读取。") from None
    if not rows:
        raise TableError("文件中没有任何数据。")
    start_row, start_col = sheet.start or (0, 0)
    _fill_merged(rows, merged, start_row, start_col)
    return Table(rows=rows, first_row=start_row + 1, kind=kind)


def _first_sheet_with_data(workbook):
    for index in range(len(workbook.sheet_names)):
        sheet = workbook.get_sheet_by_index(index)
        if sheet.height and any(str(v).strip() for row in sheet.iter_rows() for v in row):
            return sheet
    return None


def _fill_merged(rows, merged, start_row, start_col):
    """A merged cell's value belongs to every cell it covers (a 社区 merged over its rows)."""
    for (r1, c1), (r2, c2) in merged:
        r1, r2, c1, c2 = r1 - start_row, r2 - start_row, c1 - start_col, c2 - start_col
        if r1 < 0 or c1 < 0 or r1 >= len(rows):
            continue
        value = rows[r1][c1] if c1 < len(rows[r1]) else ""
        for r in range(r1, min(r2, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c1, min(c2, len(row) - 1) + 1):
                if row[c] in ("", None):
                    row[c] = value
