"""The one import path, for the admin and the command line alike.

read → find the header → clean every cell → resolve names → match stored rows
by key → classify (new, changed, unchanged, to deactivate) → write in bulk,
logging what each row was before so the batch can be undone.

The file streams through in chunks (the resource's `chunk_rows`): each chunk is
cleaned, matched against the stored rows its keys name (one IN query, not the
whole district) and written, so memory does not grow with the file. The whole
import is one transaction: a row error anywhere (without skip_errors) rolls
back the chunks already written while the rest of the file is still checked,
so every error is reported; an import killed halfway leaves the database as it
was. A dry run writes nothing. What must hold across the whole file (a key
written twice, a mobile two rows give) is kept in compact per-file maps.
"""

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction
from django.utils import timezone

from pagecache import invalidate as page_cache

from . import cleaning
from .bulk import insert_rows, writing_behind
from .errors import CellError
from .headers import HEADER_SEARCH_ROWS, as_written, find_header
from .models import ImportBatch, ImportChange
from .values import jsonable, same

CLOSING_WORDS = (
    *("合计", "总计", "小计", "备注", "说明", "注：", "注:", "温馨提示"),
    *("填表", "填报", "制表", "审核", "负责人", "单位负责人", "联系人"),  # 填表人：… 填表日期：… 制表：…
)
PREVIEW_LIMIT = 200  # changed rows shown with their old and new values
NEW_NAMES_LIMIT = 50
ERROR_LIMIT = 1000
# Texts a column remembers parsed: most columns repeat a few words (社区, 类别, 状态) in every row.
SEEN_LIMIT = 2000
# Where the first row with a key stands, packed with the row number in one int: row * 4 + outcome.
COUNTED_NOT, COUNTED_NEW, COUNTED_CHANGED, COUNTED_UNCHANGED = range(4)


@dataclass
class Row:
    number: int  # as Excel shows it
    values: dict
    cells: list  # the row as read, for error messages
    positions: dict  # column key -> index in cells
    stored: dict = None
    changes: dict = field(default_factory=dict)  # field -> (old, new)
    keys: list = None

    @property
    def raw(self):
        """Column key -> the raw cell, for the columns the file has."""
        return {key: self.cells[i] if i < len(self.cells) else None for key, i in self.positions.items()}


@dataclass
class Report:
    dataset: str
    district: str
    dry_run: bool
    sync: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    skipped: int = 0
    error_count: int = 0  # rows with errors (errors lists at most ERROR_LIMIT of them)
    errors: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)
    deactivated_names: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # preview: [{row, name, fields: [[header, old, new]]}]
    new_names: list = field(default_factory=list)
    batch: int = None

    def as_json(self):
        """The command's JSON report, exactly as the spec describes it."""
        data = {
            "dataset": self.dataset,
            "district": self.district,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deactivated": self.deactivated,
            "skipped": self.skipped,
            "errors": self.errors,
            "ignored_columns": self.ignored_columns,
        }
        if self.sync:
            data["deactivated_names"] = self.deactivated_names
        if self.batch is not None:
            data["batch"] = self.batch
        return data

    def as_record(self):
        """What an import batch keeps for its preview and result pages."""
        return self.as_json() | {"changes": self.changes, "new_names": self.new_names, "error_count": self.error_count}


def is_blank(cells):
    return all(c is None or c == "" or (c.__class__ is str and not c.strip()) for c in cells)


def is_closing_row(cells):
    first = next((c for c in cells if not is_blank((c,))), "")
    return first.__class__ is str and cleaning.text(first).startswith(CLOSING_WORDS)


def is_note_row(cells, mapping):
    """A note or a sub-heading, not a person: one text merged across the row ("一、兰新社区", a note
    under the table), or a lone value in a column the dataset does not read (a template's 序号 on
    an unused row). A person's row holds at least two different values; a lone value in a column
    the dataset reads is an incomplete row, left to be reported."""
    first, where, count = None, None, 0
    for index, cell in enumerate(cells):
        if cell is None or cell == "" or (cell.__class__ is str and not cell.strip()):
            continue
        if first is None:
            first, where = cell, index
        elif cell != first:
            return False
        count += 1
    return first is not None and (count > 1 or where not in mapping)


@contextmanager
def cycle_collector_paused():
    """Rows make no reference cycles, yet Python's cycle collector walks every chunk's objects again
    and again as they pile up (a sixth of the CPU of a million-row import). Reference counting still
    frees them; the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Retry(Exception):
    """With skip_errors, a row written in an earlier chunk turned out to share its key with a later
    row: both are errors, so the import starts again without them (see Importer.run)."""


class Importer:
    def __init__(self, resource_class, district, *, dry_run=False, sync=False, skip_errors=False, progress=None):
        self.resource_class = resource_class
        self.district = district
        self.dry_run, self.skip_errors = dry_run, skip_errors
        self.sync = sync and resource_class.people
        self.progress = progress or (lambda phase, done, total: None)
        self.excluded = frozenset()  # rows left out from the start: keys more than one row has
        self._reset()

    def _reset(self):
        self.resource = self.resource_class()
        self.report = Report(
            dataset=self.resource_class.dataset_name, district=self.district.code, dry_run=self.dry_run, sync=self.sync
        )
        self.headers, self.positions = {}, {}
        self.batch = None
        self.error_rows = set()
        self.row_names = {}  # Excel row -> the name written in it, for the rows --sync must not miss
        self.first_of = {}  # key -> the first row with it, packed with how it was counted
        self.twins = {}  # key -> every row with it, for the keys more than one row has
        self.twin_cells = {}  # row -> (key column, its cells by column key) of those rows, for the messages
        self.taken = {}  # (unique fields, value) -> the row that holds it
        self.matched_ids = {}  # stored id -> the row that matched it
        self.communities = set()  # --sync: the communities the file's rows are in
        self.new_numbers = []  # the rows of report.new_names
        self.written_through = 0  # every row up to this one that could be written has been
        self.retry = False

    # -- the run --------------------------------------------------------------------------------

    def run(self, table, *, batch=None):
        """Check, and (unless a dry run, or errors without skip_errors) write. Returns the report."""
        try:
            return self._run(table, batch)
        except _Retry:
            excluded = frozenset(n for numbers in self.twins.values() for n in numbers)
            self._reset()
            self.excluded = excluded
            return self._run(table, batch)

    def _run(self, table, batch):
        report = self.report
        if self.dry_run:
            self._check(table)
            return report
        with transaction.atomic():
            self.batch = batch or ImportBatch.objects.create(
                district=self.district, dataset=report.dataset, source="command"
            )
            with writing_behind():  # a chunk is written while the next is read and checked
                self._check(table)
            if self.retry:
                raise _Retry()
            if report.error_count and not self.skip_errors:
                transaction.set_rollback(True)  # the chunks written before the first error
                report.created = report.updated = report.unchanged = report.deactivated = 0
                report.deactivated_names = []
                return report
            self.progress("写入", 0, 1)
            to_deactivate = self._to_deactivate() if self.sync else []
            report.deactivated_names = [s["name"] for s in to_deactivate]
            report.deactivated = len(to_deactivate)
            ids = [s["id"] for s in to_deactivate]
            insert_rows(
                ImportChange,
                [{"object_id": pk, "action": ImportChange.DEACTIVATED, "before": {}} for pk in ids],
                batch_id=self.batch.pk,
            )
            self.resource.deactivate(ids)
            self.resource.after_write(self.batch)
            report.batch = self.batch.pk
            finish(self.batch, report)
            page_cache.district(self.district)  # bulk writes send no signals
        return report

    # -- reading and checking, chunk by chunk -----------------------------------------------------

    def _check(self, table):
        """Reads the table and checks every row; writes each chunk while it may. Fills the report."""
        with cycle_collector_paused():
            self._check_rows(table)

    def _check_rows(self, table):
        report = self.report
        columns = self.resource.columns()
        header_offset, mapping, report.ignored_columns = find_header(table, columns)
        header_cells = table.head(HEADER_SEARCH_ROWS)[header_offset]
        self.headers = {c.key: as_written(header_cells[i]) for i, c in mapping.items()}
        self.positions = {c.key: i for i, c in mapping.items()}
        self.resource.prepare(self.district)
        parsers = [(i, c.key, self.resource.parser(c), c.required, {}) for i, c in mapping.items()]
        size = self.resource.chunk_rows or float("inf")
        total = max((table.size or 0) - header_offset - 1, 0)
        phase = "校验" if self.dry_run else "导入"
        first_number = table.first_row + header_offset + 1
        name_index = next((i for i, c in mapping.items() if c.key == "name"), None)
        chunk = []
        for offset, cells in enumerate(islice(table.iter_rows(), header_offset + 1, None)):
            if offset % 10_000 == 0:
                self.progress(phase, offset, max(total, offset))
            if is_blank(cells):
                continue
            if is_closing_row(cells):
                break
            if is_note_row(cells, mapping):
                continue
            report.rows += 1
            number = first_number + offset
            if self.sync and name_index is not None and name_index < len(cells):
                self.row_names[number] = cleaning.compact(cells[name_index])
            row = self._clean(number, cells, parsers)
            if row is not None:
                chunk.append(row)
                if len(chunk) >= size:
                    self._chunk(chunk)
                    chunk = []
        if chunk:
            self._chunk(chunk)
        self._twin_errors()
        report.errors.sort(key=lambda e: e["row"])
        report.deactivated_names = [s["name"] for s in self._to_deactivate()] if self.sync and self.dry_run else []
        report.deactivated = len(report.deactivated_names)
        if report.error_count and self.skip_errors:
            report.skipped = report.error_count

    def _error(self, number, key, raw, message):
        if len(self.report.errors) < ERROR_LIMIT:
            header = self.headers.get(key) or self.resource.header_for(key)
            value = cleaning.text(raw)[:100]
            self.report.errors.append({"row": number, "column": header, "value": value, "message": message})
        self.error_rows.add(number)
        self.report.error_count = len(self.error_rows)

    def _row_error(self, row, key, message):
        self._error(row.number, key, row.raw.get(key), message)

    def _clean(self, number, cells, parsers):
        values, ok, width = {}, True, len(cells)
        for index, key, parse, required, seen in parsers:
            cell = cells[index] if index < width else None
            if cell.__class__ is str and cell in seen:
                value = seen[cell]
            else:
                try:
                    value = parse(cell)
                except CellError as error:
                    self._error(number, key, cell, error.message)
                    ok = False
                    continue
                if cell.__class__ is str and len(seen) < SEEN_LIMIT:
                    seen[cell] = value
            if value is None or value == "":
                if required:
                    self._error(number, key, cell, "必填，不能为空")
                    ok = False
                continue
            values[key] = value
        if not ok:
            return None
        try:
            values = self.resource.resolve(values)
        except CellError as error:
            row = Row(number, values, cells, self.positions)
            self._error(number, error.column, row.raw.get(error.column), error.message)
            return None
        return Row(number, values, cells, self.positions)

    def _chunk(self, rows):
        """Check one chunk against the stored rows its keys name; count it; write it while that may be."""
        rows = self.resource.check_rows(rows, self._row_error)
        good = self._match(rows)
        report = self.report
        new, changed = [], []
        for row in good:
            if row.stored is None:
                new.append(row)
                outcome = COUNTED_NEW
            elif row.changes:
                changed.append(row)
                outcome = COUNTED_CHANGED
            else:
                outcome = COUNTED_UNCHANGED
            self.first_of[row.keys[0]] = row.number * 4 + outcome
            if self.sync:
                self.communities.add(row.values.get("community_id") or (row.stored or {}).get("community_id"))
        report.created += len(new)
        report.updated += len(changed)
        report.unchanged += len(good) - len(new) - len(changed)
        report.changes += [self._preview(r) for r in changed[: max(PREVIEW_LIMIT - len(report.changes), 0)]]
        for row in new[: max(NEW_NAMES_LIMIT - len(report.new_names), 0)]:
            report.new_names.append(self.resource.describe(row.values))
            self.new_numbers.append(row.number)
        if self.dry_run or (report.error_count and not self.skip_errors):
            return  # nothing is written, or what was will be rolled back
        self.resource.write(new, changed, self.batch)
        insert_rows(
            ImportChange,
            [
                {
                    "object_id": r.stored["id"],
                    "action": ImportChange.UPDATED,
                    "before": jsonable({k: old for k, (old, _new) in r.changes.items()}),
                }
                for r in changed
            ],
            batch_id=self.batch.pk,
        )
        self.written_through = rows[-1].number if rows else self.written_through

    def _match(self, rows):
        keys_of = self.resource.keys
        for row in rows:
            row.keys = keys_of(row.values)
        stored_rows = self.resource.stored(rows)
        if self.batch is not None:
            stored_rows = stored_rows.exclude(import_batch=self.batch)  # rows this import created are not "stored"
        stored_rows = list(stored_rows.values())
        index = {}
        for stored in stored_rows:
            for key in keys_of(stored, stored=True):
                index.setdefault(key, stored)
        owners = {
            fields: {tuple(s.get(f) for f in fields): s for s in stored_rows} for fields in self.resource.unique_fields
        }
        good, dropped = [], set()
        matched = getattr(self.resource, "matched", None)
        unmatched = getattr(self.resource, "unmatched", None)
        for row in rows:
            if self._is_twin(row, dropped) or row.number in self.excluded:
                continue
            row.stored = stored = next((index[k] for k in row.keys if k in index), None)
            if stored is None and unmatched:
                try:
                    unmatched(row)  # rules for a row that makes a new record
                except CellError as error:
                    self._row_error(row, error.column, error.message)
                    continue
            if stored is not None:
                earlier = self.matched_ids.get(stored["id"])
                if earlier is not None:
                    self._key_error(row, f"与第{earlier}行重复")
                    continue
                if matched:
                    try:
                        matched(row)  # rules that need the stored values
                    except CellError as error:
                        self._row_error(row, error.column, error.message)
                        continue
                row.changes = {
                    name: (stored.get(name), value)
                    for name, value in row.values.items()
                    if stored.get(name) != value and not same(stored.get(name), value)
                }
            if self._unique_ok(row, owners):
                if stored is not None:
                    self.matched_ids[stored["id"]] = row.number
                good.append(row)
        return [r for r in good if r.number not in dropped] if dropped else good

    def _is_twin(self, row, dropped):
        """Whether an earlier row of the file has this row's key. Both are errors (reported once the
        whole file is read, naming each other); the earlier one is taken back out of the counts."""
        key = row.keys[0]
        first = self.first_of.get(key)
        if first is None:
            self.first_of[key] = row.number * 4 + COUNTED_NOT
            return False
        number, outcome = divmod(first, 4)
        if number in self.error_rows and key not in self.twins:
            # its stored-record checks failed; a row sharing its key is told only that (as its twin is)
            self.report.errors = [e for e in self.report.errors if e["row"] != number]
        self.twins.setdefault(key, [number]).append(row.number)
        self.error_rows.update((number, row.number))
        self.report.error_count = len(self.error_rows)
        column = self.resource.key_column(row.values)
        self.twin_cells[row.number] = (column, row.raw)
        self.twin_cells.setdefault(number, (column, row.values))  # its clean value: its cells are gone
        if outcome == COUNTED_NOT:
            dropped.add(number)  # still in this chunk, or never counted
            return True
        self.first_of[key] = number * 4 + COUNTED_NOT
        report = self.report
        if outcome == COUNTED_NEW:
            report.created -= 1
            if number in self.new_numbers:
                where = self.new_numbers.index(number)
                del self.new_numbers[where], report.new_names[where]
        elif outcome == COUNTED_CHANGED:
            report.updated -= 1
            report.changes = [c for c in report.changes if c["row"] != number]
        else:
            report.unchanged -= 1
        if self.skip_errors and outcome != COUNTED_UNCHANGED and number <= self.written_through:
            self.retry = True  # written already: only starting again without it takes it back
        return True

    def _twin_errors(self):
        for numbers in self.twins.values():
            for number in numbers:
                column, values = self.twin_cells[number]
                others = "、".join(str(n) for n in numbers if n != number)
                self._error(number, column, values.get(column), f"与第{others}行重复")

    def _key_error(self, row, message):
        self._row_error(row, self.resource.key_column(row.values), message)

    def _unique_ok(self, row, owners):
        """A new or changed row must not take a unique value (a mobile) that another record holds."""
        stored = row.stored or {}
        for fields in self.resource.unique_fields:
            if row.stored is not None and not any(f in row.changes for f in fields):
                continue  # its stored values are unique already
            value = tuple(row.values.get(f, stored.get(f)) for f in fields)
            if any(v in (None, "") for v in value):
                continue
            owner = owners[fields].get(value)
            column = next((f for f in fields if f in row.positions), fields[0])
            if owner is not None and (row.stored is None or owner["id"] != row.stored["id"]):
                self._error(row.number, column, row.raw.get(column), f"与已有记录“{self.resource.describe(owner)}”重复")
                return False
            if (fields, value) in self.taken:
                self._error(row.number, column, row.raw.get(column), f"与第{self.taken[(fields, value)]}行重复")
                return False
        for fields in self.resource.unique_fields:
            value = tuple(row.values.get(f, stored.get(f)) for f in fields)
            if not any(v in (None, "") for v in value):
                self.taken[(fields, value)] = row.number
        return True

    def _to_deactivate(self):
        """Active people of the communities the file mentions whom the file does not list.

        A person whose row has an error is still listed in the file (a typo in a mobile does not
        mean they left): stored people named in an error row are kept as they are."""
        communities = self.communities - {None}
        in_error_rows = {self.row_names.get(number) for number in self.error_rows} - {None, ""}
        people = self.resource.stored(None).filter(is_active=True, community_id__in=communities)
        if self.batch is not None:
            people = people.exclude(import_batch=self.batch)
        return [
            s
            for s in people.order_by("pk").values("id", "name", "community_id")
            if s["id"] not in self.matched_ids and s["name"] not in in_error_rows
        ]

    def _preview(self, row):
        fields = [
            [self.headers.get(name) or self.resource.header_for(name), *self.resource.display_pair(name, old, new)]
            for name, (old, new) in row.changes.items()
        ]
        return {"row": row.number, "name": self.resource.describe({**row.stored, **row.values}), "fields": fields}


def finish(batch, report):
    batch.status = ImportBatch.DONE
    batch.finished_at = timezone.now()
    batch.phase = ""
    for name in ("rows", "created", "updated", "unchanged", "deactivated", "skipped", "error_count"):
        setattr(batch, name, getattr(report, name))
    batch.report = report.as_record()
    batch.save()
