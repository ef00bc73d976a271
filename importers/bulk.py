"""Writing many rows fast: plain INSERTs and UPDATEs through the database cursor.

Django's bulk_create caps SQLite batches at 999 bound parameters (about 80
rows of a roster) and builds a model instance per row; an import of 241,000
rows spends most of its time there. Here rows go straight from dicts to
`executemany` (SQLite) or COPY (PostgreSQL), each value prepared once by its
field, so the database sees exactly what the ORM would have written.
"""

import datetime as dt
from decimal import Decimal
from operator import itemgetter

from django.conf import settings
from django.db import connection

CHUNK = 5000
NEEDS_PREP = (Decimal, dt.date, dt.datetime, dict, list)
# Fields whose values go to the database as they are (the others are prepared by their field).
AS_IS = {
    *("CharField", "TextField", "SlugField", "EmailField", "URLField", "BooleanField", "FloatField"),
    *("IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField"),
    *("PositiveBigIntegerField", "PositiveSmallIntegerField", "ForeignKey", "OneToOneField"),
}


def _preparer(field):
    def prepare(value):
        if value is None or not isinstance(value, NEEDS_PREP):
            return value
        return field.get_db_prep_save(value, connection)

    # The common cases without the field's generic path (a million rows × four date-times spent
    # a quarter of an import there): what Django's backends do to an aware date-time or a date.
    kind = field.get_internal_type()
    if kind == "DateTimeField" and settings.USE_TZ:
        local = connection.vendor != "postgresql"  # SQLite stores naive text in the connection's zone
        zone = connection.timezone if local else None

        def prepare_datetime(value):
            if value.__class__ is dt.datetime and value.tzinfo is not None:
                return str(value.astimezone(zone).replace(tzinfo=None)) if local else value
            return prepare(value)

        return prepare_datetime
    if kind == "DateField":
        as_text = connection.vendor != "postgresql"

        def prepare_date(value):
            if value.__class__ is dt.date:
                return str(value) if as_text else value
            return prepare(value)

        return prepare_date
    return prepare


def insert_rows(model, rows, **common):
    """INSERT each dict of `rows` (field attnames → values) with `common` values and the fields' defaults."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    defaults.update(common)
    pick = itemgetter(*[f.attname for f in fields])
    preparers = [(i, _preparer(f)) for i, f in enumerate(fields) if f.get_internal_type() not in AS_IS]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)

    def values(row):
        values = list(pick(defaults | row))
        for i, prep in preparers:
            values[i] = prep(values[i])
        return values

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, [values(row) for row in rows[start : start + CHUNK]])


def update_rows(model, updates):
    """UPDATE rows by primary key: `updates` is a list of (pk, {attname: value}), grouped by the fields they set."""
    by_fields = {}
    for pk, changes in updates:
        by_fields.setdefault(tuple(sorted(changes)), []).append((pk, changes))
    table = connection.ops.quote_name(model._meta.db_table)
    pk_column = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        for names, group in by_fields.items():
            fields = [model._meta.get_field(n.removesuffix("_id") if n.endswith("_id") else n) for n in names]
            preparers = [_preparer(f) for f in fields]
            assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
            sql = f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s"
            params = [
                [prep(changes[name]) for name, prep in zip(names, preparers, strict=True)] + [pk]
                for pk, changes in group
            ]
            for start in range(0, len(params), CHUNK):
                cursor.executemany(sql, params[start : start + CHUNK])
