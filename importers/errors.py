"""The two kinds of failure an import reports, both with Chinese messages."""


class TableError(Exception):
    """The file cannot be read as a table at all (exit status 2): wrong type, too big, no header..."""


class CellError(ValueError):
    """A value is wrong. `column` names the column key when a rule, not a parser, found it."""

    def __init__(self, message, column=None):
        super().__init__(message)
        self.message = message
        self.column = column
