"""Finding the header row and matching headers as people write them (`*姓名`, `手机号码（必填）`, `姓 名`)."""

import re

from . import cleaning
from .errors import TableError

MARKS = re.compile(r"[*＊※]|[(（]\s*(必填|必选|选填|可选|非必填)\s*[)）]")
HEADER_SEARCH_ROWS = 10


def normalise_header(value) -> str:
    """The comparable form of a header: no marks, no spaces, half-width brackets."""
    return MARKS.sub("", cleaning.compact(value)).replace("（", "(").replace("）", ")")


def as_written(value) -> str:
    """A header as the administrator wrote it, for messages: marks kept, surrounding spaces trimmed."""
    return "" if value is None else str(value).strip(" \t\r\n\u3000")


def match_columns(header_cells, columns):
    """{cell index: column} for the cells that name a column, and the headers no column uses."""
    by_name = {}
    for column in columns:
        for name in column.names:
            by_name.setdefault(name, column)
    mapping, ignored, seen = {}, [], set()
    for index, cell in enumerate(header_cells):
        key = normalise_header(cell)
        if not key:
            continue
        column = by_name.get(key)
        if column is None or column.attribute in seen:
            ignored.append(as_written(cell))
            continue
        seen.add(column.attribute)
        mapping[index] = column
    return mapping, ignored


def find_header(table, columns):
    """The first row, within the first ten, that holds every required column."""
    required = {c.attribute for c in columns if c.required}
    best = None
    for offset, cells in enumerate(table.head(HEADER_SEARCH_ROWS)):
        mapping, ignored = match_columns(cells, columns)
        found = {c.attribute for c in mapping.values()}
        if required <= found:
            return offset, mapping, ignored
        if best is None or len(found & required) > len(best & required):
            best = found
    missing = [c.header for c in columns if c.required and c.attribute not in (best or set())]
    raise TableError(
        "没有找到表头：前10行中没有一行包含全部必填列。缺少的列：" + "、".join(missing) + "。请核对表头名称。"
    )
