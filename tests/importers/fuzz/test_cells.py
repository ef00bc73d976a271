"""Any cell in any column of any dataset is read into a value or refused with a Chinese message."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers import cleaning
from importers.datasets import DATASETS
from importers.errors import CellError

from .conftest import examples
from .contract import CHINESE
from .strategies import cells, shaped_text

COLUMNS = [(name, column) for name, resource in sorted(DATASETS.items()) for column in resource().columns()]


PARSERS = (
    cleaning.date,
    cleaning.datetime,
    cleaning.month,
    cleaning.mobile,
    cleaning.phone,
    cleaning.id_number,
    cleaning.yes_no,
    cleaning.decimal,
    cleaning.integer,
    cleaning.split_list,
)


def parsed_or_refused(parse, cell):
    try:
        parse(cell)
    except CellError as error:
        assert CHINESE.search(error.message), error.message


@settings(max_examples=examples(400))
@given(column=st.sampled_from(COLUMNS), cell=cells())
def test_any_cell_in_any_column(column, cell):
    parsed_or_refused(column[1].parse, cell)


@settings(max_examples=examples(300))
@given(cell=st.one_of(cells(), shaped_text()))
def test_any_cell_as_every_kind_of_value(cell):
    for parse in PARSERS:
        parsed_or_refused(parse, cell)


@settings(max_examples=examples(300))
@given(column=st.sampled_from(COLUMNS), text=shaped_text())
def test_text_shaped_like_dates_numbers_and_limits(column, text):
    """Random digits in the shapes the parsers look for: `0000-03`, `99999999999个工作日`, …"""
    parsed_or_refused(column[1].parse, text)


@pytest.mark.parametrize(
    ("raw", "parsers"),
    [
        ("0000-03", [cleaning.month]),  # year 0: datetime.date raised a ValueError
        ("0001-01-01", [cleaning.date, cleaning.datetime, cleaning.month]),  # year 0 in UTC: saving overflowed
        ("9999-12-31 23:59", [cleaning.datetime]),  # plus a time limit or working days: overflowed
        ("2101年1月1日", [cleaning.date, cleaning.datetime, cleaning.month]),
        ("1899-12-31", [cleaning.date, cleaning.datetime, cleaning.month]),
        (dt.datetime(9999, 12, 31, 23, 59, 59, 999999), [cleaning.datetime]),  # rounding to the second overflowed
        (dt.date(1, 1, 1), [cleaning.date, cleaning.datetime, cleaning.month]),
        (1.5, [cleaning.date, cleaning.datetime]),  # serial 1 is 1899-12-31
    ],
)
def test_dates_outside_1900_to_2100_are_refused(raw, parsers):
    for parse in parsers:
        with pytest.raises(CellError, match="日期超出范围"):
            parse(raw)


def test_numbers_out_of_range_are_written_out_in_the_message():
    with pytest.raises(CellError, match=r"^应为 0 到 1000000000 之间的数字$"):
        cleaning.decimal("1e12")


@given(st.text())
def test_any_text_as_a_header(text):
    from importers.headers import normalise_header

    assert isinstance(normalise_header(text), str)
