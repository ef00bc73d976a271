"""Turning any file the spec describes into rows of cells, checked before it is read.

`read_table(data, filename)` returns a `Table`: the cells of the first sheet as
lists, each with the row number an administrator sees in Excel.
"""

from .sniff import sniff
from .table import Table


def read_table(data: bytes, filename: str = "", *, max_bytes: int) -> Table:
    kind = sniff(data, filename, max_bytes=max_bytes)
    if kind in {"xlsx", "xls", "ods"}:
        from .spreadsheets import read_spreadsheet

        return read_spreadsheet(data, kind)
    if kind == "html":
        from .html import read_html_table

        return read_html_table(data)
    from .text import read_csv

    return read_csv(data)


__all__ = ["Table", "read_table", "sniff"]
