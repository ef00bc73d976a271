"""Any file, through the reading layer and through every dataset's import: rows written, row errors
or a TableError, each in Chinese; never an exception; nothing written unless rows were."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.datasets import DATASETS
from importers.reading import Table

from .conftest import examples
from .contract import attempt, attempt_reading
from .strategies import KINDS, NAMES, PREFIXES, cases, damaged, encode, place_names, tables

pytestmark = pytest.mark.django_db


@settings(max_examples=examples(150))
@given(
    data=st.tuples(st.sampled_from(PREFIXES), st.binary(max_size=4096)).map(b"".join),
    filename=st.sampled_from(NAMES),
    dataset=st.sampled_from(sorted(DATASETS)),
)
def test_reading_any_bytes(data, filename, dataset):
    attempt_reading(data, filename, dataset)


@settings(max_examples=examples(25))
@given(data=st.data(), kind=st.sampled_from(KINDS), dataset=st.sampled_from(sorted(DATASETS)))
def test_reading_any_real_file_cut_short_or_damaged(data, kind, dataset):
    saved, filename = encode(data.draw(tables(dataset)), kind)
    attempt_reading(data.draw(damaged(saved)), filename, dataset)


@pytest.mark.parametrize("dataset", sorted(DATASETS))
@settings(max_examples=examples(12))
@given(data=st.data())
def test_any_table_of_cells(yumen, dataset, data):
    """The cells as a reader hands them over, straight to the engine: the quickest way to the rules."""
    rows = data.draw(tables(dataset, place_names(yumen.pk)))
    options = data.draw(st.fixed_dictionaries({"dry_run": st.booleans(), "skip_errors": st.booleans()}))
    attempt(dataset, Table(rows=rows, first_row=1, kind="xlsx"), "", yumen, **options)


@pytest.mark.parametrize("dataset", sorted(DATASETS))
@settings(max_examples=examples(8))
@given(data=st.data())
def test_any_file(yumen, dataset, data):
    """Random bytes, a table saved as any file type, such a file damaged, or the table itself."""
    case = data.draw(cases(yumen.pk, [dataset]))
    attempt(case.dataset, case.source, case.filename, yumen, **case.options)
