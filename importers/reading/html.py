"""An .xls that is really an HTML table, as many government platforms export."""

from html.parser import HTMLParser

from ..errors import TableError
from .extent import TOO_MANY, max_cells
from .table import Table
from .text import decode


class _TableParser(HTMLParser):
    """Collects the cells of the page's tables, stacked as Excel shows them (some platforms put
    the title in a table of its own above the data), spreading rowspan/colspan like merged cells."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.depth = [], 0
        self.cells, self.max_cells = 0, max_cells()
        self._row = self._cell = None
        self._pending = {}  # column -> (value carried down by a rowspan, the last row it covers)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.depth += 1
        elif self.depth == 1 and tag == "tr":
            self._end_row()  # a <tr> left open
            self._row = []
        elif self.depth == 1 and tag in ("td", "th") and self._row is not None:
            self._end_cell()  # a <td> left open, as sloppy exports do
            attrs = dict(attrs)
            self._cell = {"text": [], "rowspan": _span(attrs.get("rowspan")), "colspan": _span(attrs.get("colspan"))}
        elif tag == "br" and self._cell is not None:
            self._cell["text"].append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.depth == 1:
            self._end_cell()
        elif tag == "tr" and self.depth == 1:
            self._end_row()
        elif tag == "table" and self.depth:
            if self.depth == 1:
                self._end_row()
                self._pending.clear()  # a rowspan does not reach into the next table
            self.depth -= 1

    def _end_cell(self):
        if self._cell is not None:
            self._place(self._cell)
            self._cell = None

    def _end_row(self):
        self._end_cell()
        if self._row is not None:
            self._fill_pending(len(self._row) + 100)
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"].append(data)

    def _fill_pending(self, upto):
        """Values carried down by rowspans from rows above, at the row's current end."""
        r = len(self.rows)
        while len(self._row) < upto and (carried := self._pending.get(len(self._row))):
            value, last_row = carried
            if r > last_row:
                del self._pending[len(self._row)]
                break
            self._row.append(value)

    def _place(self, cell):
        self._fill_pending(10_000)
        self.cells += cell["rowspan"] * cell["colspan"]
        if self.cells > self.max_cells:  # rowspan/colspan can ask for far more cells than the file holds
            raise TableError(TOO_MANY.format(rows=len(self.rows), columns=len(self._row) + cell["colspan"]))
        value = "".join(cell["text"]).strip()
        r = len(self.rows)
        for _ in range(cell["colspan"]):
            if cell["rowspan"] > 1:  # one entry per column, not per covered cell
                self._pending[len(self._row)] = (value, r + cell["rowspan"] - 1)
            self._row.append(value)


def _span(value):
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def read_html_table(data: bytes) -> Table:
    text, encoding = decode(data)
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    if not parser.rows:
        raise TableError("文件里没有找到表格。")
    return Table(rows=parser.rows, first_row=1, kind="html", encoding=encoding)
