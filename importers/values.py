"""Comparing and storing values across Python, the database and JSON."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone


def same(stored, new):
    """Whether a stored value equals a freshly read one (aware vs naive date-times, 1.0 vs 1)."""
    if isinstance(stored, dt.datetime) and isinstance(new, dt.datetime):
        if timezone.is_aware(stored):
            stored = timezone.localtime(stored).replace(tzinfo=None)
        if timezone.is_aware(new):
            new = timezone.localtime(new).replace(tzinfo=None)
    elif isinstance(stored, Decimal) and isinstance(new, (Decimal, int, float)):
        return stored == Decimal(str(new))
    return stored == new


def jsonable(values):
    def convert(value):
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    return {key: convert(value) for key, value in values.items()}
