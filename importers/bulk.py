"""Writing many rows fast: plain INSERTs and UPDATEs through the database cursor.

Django's bulk_create caps SQLite batches at 999 bound parameters (about 80
rows of a roster) and builds a model instance per row; an import of 241,000
rows spends most of its time there. Here rows go straight from dicts to
`executemany` (SQLite) or a binary COPY (PostgreSQL, in a thread within
`writing_behind()`), each value prepared once by its field, so the database sees
exactly what the ORM would have written.
"""

import datetime as dt
import re
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from operator import itemgetter

from django.conf import settings
from django.db import connection

CHUNK = 5000
TYPE_MODIFIERS = re.compile(r"\(.*?\)")  # varchar(40) → varchar, numeric(8, 2) → numeric
# Fields whose values go to the database as they are (the others are prepared by their field).
AS_IS = {
    *("CharField", "TextField", "SlugField", "EmailField", "URLField", "BooleanField", "FloatField"),
    *("IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField"),
    *("PositiveBigIntegerField", "PositiveSmallIntegerField", "ForeignKey", "OneToOneField"),
}


def _preparer(field):
    def prepare(value):
        return value if value is None else field.get_db_prep_save(value, connection)

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

    if connection.vendor == "postgresql":
        # Binary: no text to format and parse again for every date-time (a third of the client's
        # and much of the server's time in text); the types are the columns' own.
        copy = f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
        types = [TYPE_MODIFIERS.sub("", f.db_type(connection)) for f in fields]
        data = [values(row) for row in rows]
        connection.ensure_connection()
        work = partial(_copy, connection.connection, copy, types, data)
        if behind := _behind.get():
            behind.start(work)
        else:
            work()
        return
    with connection.cursor() as cursor:
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, [values(row) for row in rows[start : start + CHUNK]])


def _copy(psycopg_connection, statement, types, data):
    with psycopg_connection.cursor() as cursor, cursor.copy(statement) as copy:
        copy.set_types(types)
        for values in data:
            copy.write_row(values)


class _Behind:
    """The COPY running in a thread, and what it raised."""

    def __init__(self):
        self.thread, self.error = None, None

    def start(self, work):
        self.wait()

        def run():
            try:
                work()
            except BaseException as error:  # raised again in the importing thread by wait()
                self.error = error

        self.thread = threading.Thread(target=run, name="insert_rows")
        self.thread.start()

    def wait(self):
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.error is not None:
            error, self.error = self.error, None
            with connection.wrap_database_errors:  # psycopg's errors as Django's, as a cursor gives them
                raise error

    def __call__(self, execute, sql, params, many, context):  # an execute wrapper: every query waits
        self.wait()
        return execute(sql, params, many, context)


_behind = ContextVar("insert_rows_behind", default=None)


@contextmanager
def writing_behind():
    """On PostgreSQL, within this block insert_rows hands its COPY to a thread and returns: the
    server writes the rows and checks their foreign keys while Python reads and checks the next
    chunk (a million demand records: 15 s of checks at the commit, now overlapped). Any query on the
    connection, and the end of the block, first waits for that COPY and raises what it raised, so
    the transaction sees every write in order and fails as it would have.

    The foreign keys are checked at the end of each statement from here to the end of the
    transaction (SET CONSTRAINTS ALL IMMEDIATE), not all at the commit, where nothing would be left
    to overlap them with. Elsewhere a no-op."""
    if connection.vendor != "postgresql":
        yield
        return
    behind = _Behind()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    token = _behind.set(behind)
    try:
        with connection.execute_wrapper(behind):
            yield
    except BaseException:
        if behind.thread is not None:
            behind.thread.join()  # what it raised matters less than what the block raised
        raise
    else:
        behind.wait()
    finally:
        _behind.reset(token)


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
