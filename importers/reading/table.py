from dataclasses import dataclass, field


@dataclass
class Table:
    """Rows of raw cell values. `first_row` is the Excel row number of rows[0]."""

    rows: list[list] = field(default_factory=list)
    first_row: int = 1
    kind: str = ""
    encoding: str = ""

    def numbered(self):
        for offset, cells in enumerate(self.rows):
            yield self.first_row + offset, cells
