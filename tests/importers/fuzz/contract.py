"""What every import must end in, whatever the file: rows written, row errors, or a TableError, each
with a Chinese message; never an uncaught exception; nothing written unless rows were.

`attempt()` runs a file through the same functions as the admin and `import_data` (read_upload →
Importer.run) and checks those promises; the hypothesis tests and bench/fuzz_importers.py share it.
"""

import json
import re
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from importers.commands import read_upload
from importers.datasets import DATASETS
from importers.engine import Importer
from importers.errors import TableError
from importers.headers import find_header
from importers.reading import Table

CHINESE = re.compile(r"[\u4e00-\u9fff]")
NUMBERS = re.compile(r"\d+(\.\d+)?")
QUOTED = re.compile(r"“[^”]*”|（[^）]*）|：.*$")
# Every app whose tables an import writes (rows, teams, categories, summaries, batches and changes).
WRITTEN_APPS = ("snippets", "demands", "events", "importers")


class BrokenPromise(AssertionError):
    """An import ended without an exception but broke one of the promises above."""


@dataclass(frozen=True)
class Outcome:
    kind: str  # "table-error", "row-errors", "written", "checked" (a dry run)
    detail: str  # the message's shape: its numbers and quoted values taken out

    def __str__(self):
        return f"{self.kind}: {self.detail}"


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for label in WRITTEN_APPS
        for model in apps.get_app_config(label).get_models()
    }


def shape(message):
    """A message with what varies from file to file taken out: `第3行…“王伟”` and `第9行…“李娜”` are one outcome."""
    return NUMBERS.sub("N", QUOTED.sub("…", message))[:80]


def chinese(message, where):
    if not isinstance(message, str) or not CHINESE.search(message) or "Traceback" in message:
        raise BrokenPromise(f"{where}: not a Chinese message: {message!r}")


def read(source, filename):
    """A file's bytes through the reading layer as an upload is read; a Table as it is."""
    return source if isinstance(source, Table) else read_upload(source, filename)


def attempt_reading(data, filename, dataset):
    """The reading layer and the header search alone: a Table whose rows are lists, or a TableError."""
    try:
        table = read(data, filename)
        if not isinstance(table.rows, list) or not all(isinstance(row, list) for row in table.rows):
            raise BrokenPromise("the rows of a table are not lists")
        find_header(table, DATASETS[dataset]().columns())
    except TableError as error:
        chinese(str(error), "TableError")
        return Outcome("table-error", shape(str(error)))
    return Outcome("read", f"{table.kind} {min(len(table.rows), 3)}+ rows")


def attempt(dataset, source, filename, district, *, dry_run=False, skip_errors=False, sync=False, rollback=True):
    """Import `source` (a file's bytes, or a Table of cells as a reader gives them) into `district`:
    the Outcome, or BrokenPromise, or whatever escaped.

    With `rollback` the database is left as it was, so examples do not see each other's rows."""
    with transaction.atomic():
        outcome = _attempt(dataset, source, filename, district, dry_run, skip_errors, sync)
        transaction.set_rollback(rollback)
    return outcome


def _attempt(dataset, source, filename, district, dry_run, skip_errors, sync):
    resource = DATASETS[dataset]
    before = row_counts()
    importer = Importer(resource, district, dry_run=dry_run, sync=sync and resource.people, skip_errors=skip_errors)
    try:
        report = importer.run(read(source, filename))
    except TableError as error:
        chinese(str(error), "TableError")
        if row_counts() != before:
            raise BrokenPromise("a file that could not be read wrote rows") from None
        return Outcome("table-error", shape(str(error)))
    for error in report.errors:
        chinese(error["message"], f"row {error['row']}")
        if not isinstance(error["row"], int) or not isinstance(error["value"], str):
            raise BrokenPromise(f"malformed error entry {error!r}")
    json.dumps(report.as_json(), ensure_ascii=False)  # what import_data --format json prints
    json.dumps(report.as_record(), ensure_ascii=False)  # what the batch keeps for its pages
    written = report.batch is not None
    if written != (not dry_run and (not report.error_count or skip_errors)):
        raise BrokenPromise(f"batch={report.batch} with dry_run={dry_run}, errors={report.error_count}")
    if not written and row_counts() != before:
        raise BrokenPromise(f"nothing should have been written: {_diff(before, row_counts())}")
    if report.error_count and not skip_errors:
        return Outcome("row-errors", "、".join(sorted({shape(e["message"]) for e in report.errors})[:3]))
    return Outcome("written" if written else "checked", f"{min(report.rows, 3)}+ rows")


def _diff(before, after):
    return {label: (before[label], after[label]) for label in before if before[label] != after[label]}
