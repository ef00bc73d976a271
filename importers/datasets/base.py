"""A dataset of the spec as a django-import-export Resource: its columns, key and rules.

Each column is a Resource `Field` whose widget reads a cell with a function of
`importers.cleaning` and writes it back for export (masked when it is personal,
escaped when it looks like a formula). The engine (importers.engine) uses the
same fields for the admin and for the command line, so both give the same errors.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import cached_property
from import_export import resources, widgets
from import_export.fields import Field

from snippets.privacy import mask_id_number, mask_mobile, mask_phone

from .. import cleaning
from ..bulk import insert_rows, update_rows
from ..errors import CellError
from ..headers import normalise_header

WRITE_BATCH = 500  # rows per statement: stays under SQLite's bound-parameter limit
MASKS = {"mobile": mask_mobile, "id_number": mask_id_number, "phone": mask_phone}
FORMULA_START = ("=", "+", "-", "@")


def render_cell(value):
    """A stored value as the text an administrator would type."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def escape_formula(text):
    return "'" + text if text.startswith(FORMULA_START) else text


class CellWidget(widgets.Widget):
    def __init__(self, parse, render=render_cell, personal=None):
        super().__init__()
        self.parse, self.render_value, self.personal = parse, render, personal

    def clean(self, value, row=None, **kwargs):
        return self.parse(value)

    def render(self, value, obj=None, mask=True, **kwargs):
        text = self.render_value(value)
        if self.personal and mask and text:
            text = MASKS[self.personal](text)
        return escape_formula(text)


class Column(Field):
    """One column of a dataset: header, accepted aliases, whether required, how to read it."""

    def __init__(
        self,
        attribute,
        header,
        *aliases,
        required=False,
        parse=cleaning.text,
        render=render_cell,
        personal=None,
        export_attribute=None,
        max_length=None,
    ):
        super().__init__(
            attribute=export_attribute or attribute,
            column_name=header,
            widget=CellWidget(parse, render, personal),
        )
        self.key = attribute  # where the engine puts the clean value
        self.header = header
        self.required = required
        self.aliases = aliases
        self.parse = parse
        self.max_length = max_length  # for a name that becomes another model's row (a new community)
        self.names = {normalise_header(n) for n in (header, *aliases)}

    @property
    def label(self):
        return f"{self.header}*" if self.required else self.header


class DatasetResource(resources.ModelResource):
    """Base of every dataset's Resource. Subclasses declare `Column`s and the rules below."""

    dataset_name = ""  # the DATASET argument of import_data, e.g. "grid_workers"
    label = ""
    people = True  # whether rows are people that --sync can deactivate
    vocabularies = {}  # column key -> fixed choices, offered as dropdowns in the template
    unique_fields = []  # tuples of model fields no two records of a district may share
    chunk_rows = 5000  # rows the engine checks and writes together; None: the whole file at once

    class Meta:
        model = None

    # -- what the engine asks of a dataset ------------------------------------------------

    def columns(self):
        """The dataset's columns in the spec's order (the export order)."""
        return [f for f in self.get_export_fields() if isinstance(f, Column)]

    @cached_property
    def fields_by_key(self):
        return {c.key: c for c in self.columns()}

    def header_for(self, key):
        key = key or ""
        column = self.fields_by_key.get(key) or self.fields_by_key.get(key.removesuffix("_id"))
        return column.header if column else key

    def parser(self, column):
        """`column.parse`, refusing text longer than its database column: PostgreSQL would refuse the
        whole import for one such cell, SQLite would store it."""
        length = column.max_length or self._model_max_length(column.key)
        if not length:
            return column.parse
        message = f"{column.header}太长（最多{length}个字）"

        def parse_limited(value):
            value = column.parse(value)
            if value.__class__ is str and len(value) > length:
                raise CellError(message)
            return value

        return parse_limited

    def _model_max_length(self, key):
        try:
            field = self._meta.model._meta.get_field(key)
        except FieldDoesNotExist:
            return None
        return field.max_length if isinstance(field, models.CharField) else None

    def prepare(self, district):
        """Load, in a few queries, everything rows will be looked up against."""
        self.district = district

    def resolve(self, values):
        """Turn names into ids and check the row's rules; raise CellError(key, message) per problem.
        Returns the model field values to store."""
        return values

    def check_rows(self, rows, error):
        """Rules across rows, after every row is clean; `error(row, column_key, message)` drops a row."""
        return rows

    def keys(self, values, stored=False):
        """The keys under which this row may match a stored record, most specific first."""
        raise NotImplementedError

    def stored(self, rows):
        """The district's records that `rows` (a chunk; None: all) may match by key or collide with
        on a unique field, as a queryset: the engine reads them as values() dicts."""
        return self._meta.model._default_manager.filter(district=self.district)

    def describe(self, values):
        """How a row is named in a preview (a person's name, a grid's community and name)."""
        return values.get("name", "")

    def export_queryset(self, district):
        return self._meta.model._default_manager.filter(district=district)

    def write(self, new, changed, batch):
        """Create the new rows and update the changed ones of a chunk, in bulk."""
        model = self._meta.model
        insert_rows(model, [row.values for row in new], district_id=self.district.pk, import_batch_id=batch.pk)
        update_rows(model, [(row.stored["id"], {k: new for k, (_old, new) in row.changes.items()}) for row in changed])

    def after_write(self, batch):
        """After the last chunk is written (derived data, e.g. summaries, once for the whole file)."""

    def affected_by(self, batch):
        """Before an undo of `batch`: what `after_change` will need to know (e.g. which months it touched)."""
        return None

    def after_change(self, district, affected):
        """After rows were written or an undo: bring derived data (summaries) up to date."""

    def deactivate(self, ids):
        model = self._meta.model
        for start in range(0, len(ids), WRITE_BATCH):
            model.objects.filter(pk__in=ids[start : start + WRITE_BATCH]).update(is_active=False)

    # -- export ---------------------------------------------------------------------------

    def export(self, queryset=None, mask=True, **kwargs):
        return super().export(queryset=queryset, mask=mask, **kwargs)
