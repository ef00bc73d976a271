"""The one import path, for the admin and the command line alike.

read → find the header → clean every cell → resolve names → match stored rows
by key → classify (new, changed, unchanged, to deactivate) → write in bulk in
one transaction, logging what each row was before so the batch can be undone.
Reading and checking write nothing; the write phase is atomic, so an import
killed halfway leaves the database as it was.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from pagecache import invalidate as page_cache

from . import cleaning
from .errors import CellError
from .headers import as_written, find_header
from .models import ImportBatch, ImportChange
from .values import jsonable, same

CLOSING_WORDS = (
    *("合计", "总计", "小计", "备注", "说明", "注：", "注:", "温馨提示"),
    *("填表", "填报", "制表", "审核", "负责人", "单位负责人", "联系人"),  # 填表人：… 填表日期：… 制表：…
)
PREVIEW_LIMIT = 200  # changed rows shown with their old and new values
ERROR_LIMIT = 1000
BATCH_SIZE = 2000


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


class Importer:
    def __init__(self, resource_class, district, *, dry_run=False, sync=False, skip_errors=False, progress=None):
        self.resource = resource_class()
        self.district = district
        self.dry_run, self.skip_errors = dry_run, skip_errors
        self.sync = sync and resource_class.people
        self.progress = progress or (lambda phase, done, total: None)
        self.report = Report(
            dataset=resource_class.dataset_name, district=district.code, dry_run=dry_run, sync=self.sync
        )
        self.headers = {}
        self.error_rows = set()
        self.row_names = {}  # Excel row -> the name written in it, for the rows --sync must not miss

    # -- reading and checking -----------------------------------------------------------------

    def check(self, table):
        """Everything but writing: fills the report and returns the rows that can be written."""
        columns = self.resource.columns()
        header_offset, mapping, self.report.ignored_columns = find_header(table, columns)
        self.headers = {c.key: as_written(table.rows[header_offset][i]) for i, c in mapping.items()}
        self.positions = {c.key: i for i, c in mapping.items()}
        self.resource.prepare(self.district)
        rows = []
        data = table.rows[header_offset + 1 :]
        first_number = table.first_row + header_offset + 1
        name_index = next((i for i, c in mapping.items() if c.key == "name"), None)
        for offset, cells in enumerate(data):
            if offset % 10_000 == 0:
                self.progress("校验", offset, len(data))
            if is_blank(cells):
                continue
            if is_closing_row(cells):
                break
            if is_note_row(cells, mapping):
                continue
            self.report.rows += 1
            if self.sync and name_index is not None and name_index < len(cells):
                self.row_names[first_number + offset] = cleaning.compact(cells[name_index])
            row = self._clean(first_number + offset, cells, mapping)
            if row is not None:
                rows.append(row)
        rows = self.resource.check_rows(rows, self._row_error)
        rows = self._match(rows)
        return rows

    def _error(self, number, key, raw, message):
        if len(self.report.errors) < ERROR_LIMIT:
            header = self.headers.get(key) or self.resource.header_for(key)
            value = cleaning.text(raw)[:100]
            self.report.errors.append({"row": number, "column": header, "value": value, "message": message})
        self.error_rows.add(number)
        self.report.error_count = len(self.error_rows)

    def _row_error(self, row, key, message):
        self._error(row.number, key, row.raw.get(key), message)

    def _clean(self, number, cells, mapping):
        values, ok = {}, True
        for index, column in mapping.items():
            cell = cells[index] if index < len(cells) else None
            try:
                value = column.parse(cell)
            except CellError as error:
                self._error(number, column.key, cell, error.message)
                ok = False
                continue
            if value is None or value == "":
                if column.required:
                    self._error(number, column.key, cell, "必填，不能为空")
                    ok = False
                continue
            values[column.key] = value
        if not ok:
            return None
        try:
            values = self.resource.resolve(values)
        except CellError as error:
            row = Row(number, values, cells, self.positions)
            self._error(number, error.column, row.raw.get(error.column), error.message)
            return None
        return Row(number, values, cells, self.positions)

    def _match(self, rows):
        self.stored_rows = self.resource.existing()
        keys_of = self.resource.keys
        index = {}
        for stored in self.stored_rows:
            for key in keys_of(stored, stored=True):
                index.setdefault(key, stored)
        by_key = defaultdict(list)
        for row in rows:
            row.keys = keys_of(row.values)
            by_key[row.keys[0]].append(row.number)
        good, taken = [], {}
        matched = getattr(self.resource, "matched", None)
        for row in rows:
            numbers = by_key[row.keys[0]]
            if len(numbers) > 1:
                twins = "、".join(str(n) for n in numbers if n != row.number)
                self._key_error(row, f"与第{twins}行重复")
                continue
            row.stored = stored = next((index[k] for k in row.keys if k in index), None)
            if stored is not None:
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
            if self._unique_ok(row, taken):
                good.append(row)
        return good

    def _key_error(self, row, message):
        self._row_error(row, self.resource.key_column(row.values), message)

    def _unique_ok(self, row, taken):
        """A new or changed row must not take a unique value (a mobile) that another record holds."""
        stored = row.stored or {}
        for fields in self.resource.unique_fields:
            if row.stored is not None and not any(f in row.changes for f in fields):
                continue  # its stored values are unique already
            value = tuple(row.values.get(f, stored.get(f)) for f in fields)
            if any(v in (None, "") for v in value):
                continue
            owner = self._unique_index(fields).get(value)
            column = next((f for f in fields if f in row.positions), fields[0])
            if owner is not None and (row.stored is None or owner["id"] != row.stored["id"]):
                self._error(row.number, column, row.raw.get(column), f"与已有记录“{self.resource.describe(owner)}”重复")
                return False
            if (fields, value) in taken:
                self._error(row.number, column, row.raw.get(column), f"与第{taken[(fields, value)]}行重复")
                return False
            taken[(fields, value)] = row.number
        return True

    def _unique_index(self, fields):
        indexes = self.__dict__.setdefault("_unique_indexes", {})
        if fields not in indexes:
            indexes[fields] = {tuple(s.get(f) for f in fields): s for s in self.stored_rows}
        return indexes[fields]

    # -- the run --------------------------------------------------------------------------------

    def run(self, table, *, batch=None):
        """Check, then (unless a dry run, or errors without skip_errors) write. Returns the report."""
        rows = self.check(table)
        report = self.report
        new = [r for r in rows if r.stored is None]
        changed = [r for r in rows if r.stored is not None and r.changes]
        unchanged = len(rows) - len(new) - len(changed)
        to_deactivate = self._to_deactivate(rows) if self.sync else []
        report.changes = [self._preview(r) for r in changed[:PREVIEW_LIMIT]]
        report.new_names = [self.resource.describe(r.values) for r in new[:50]]
        report.deactivated_names = [s["name"] for s in to_deactivate]
        report.created, report.updated, report.unchanged = len(new), len(changed), unchanged
        report.deactivated = len(to_deactivate)
        if report.error_count:
            if not self.skip_errors:
                if not self.dry_run:  # nothing was written
                    report.created = report.updated = report.unchanged = report.deactivated = 0
                    report.deactivated_names = []
                return report
            report.skipped = report.error_count
        if self.dry_run:
            return report
        self.progress("写入", 0, 1)
        with transaction.atomic():
            if batch is None:
                batch = ImportBatch.objects.create(district=self.district, dataset=report.dataset, source="command")
            self.resource.write(new, changed, batch)
            changes = [
                ImportChange(
                    batch=batch,
                    object_id=r.stored["id"],
                    action=ImportChange.UPDATED,
                    before=jsonable({k: old for k, (old, _new) in r.changes.items()}),
                )
                for r in changed
            ] + [ImportChange(batch=batch, object_id=s["id"], action=ImportChange.DEACTIVATED) for s in to_deactivate]
            ImportChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
            self.resource.deactivate([s["id"] for s in to_deactivate])
            report.batch = batch.pk
            finish(batch, report)
            page_cache.district(self.district)  # bulk writes send no signals
        return report

    def _to_deactivate(self, rows):
        """Active people of the communities the file mentions whom the file does not list.

        A person whose row has an error is still listed in the file (a typo in a mobile does not
        mean they left): stored people named in an error row are kept as they are."""
        communities = {r.values.get("community_id") or (r.stored or {}).get("community_id") for r in rows} - {None}
        listed = {r.stored["id"] for r in rows if r.stored is not None}
        in_error_rows = {self.row_names.get(number) for number in self.error_rows} - {None, ""}
        return [
            s
            for s in self.stored_rows
            if s.get("is_active")
            and s.get("community_id") in communities
            and s["id"] not in listed
            and s.get("name") not in in_error_rows
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
