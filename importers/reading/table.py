from itertools import islice


class Table:
    """Rows of raw cell values. `first_row` is the Excel row number of the first row.

    A reader gives either the rows as a list or `stream`, a function that yields them afresh on
    each call: a large CSV or sheet is then turned into Python lists one row at a time as the
    import goes, never all at once. `rows` makes the list when someone asks for it."""

    def __init__(self, rows=None, first_row=1, kind="", encoding="", *, stream=None, size=None):
        self._rows = [] if rows is None and stream is None else rows
        self._stream = stream
        self.first_row, self.kind, self.encoding = first_row, kind, encoding
        self._size = size

    @property
    def rows(self):
        if self._rows is None:
            self._rows = list(self._stream())
        return self._rows

    def iter_rows(self):
        return iter(self._rows) if self._rows is not None else self._stream()

    def head(self, count):
        return list(islice(self.iter_rows(), count))

    @property
    def size(self):
        """How many rows the table holds (an estimate for a streamed CSV: its line count)."""
        return len(self._rows) if self._rows is not None else self._size

    def numbered(self):
        for offset, cells in enumerate(self.iter_rows()):
            yield self.first_row + offset, cells
