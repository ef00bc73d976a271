"""A cell longer than the database column it fills is a row error naming the column, on every
dataset: PostgreSQL refuses the whole statement for one such value, SQLite would store it whole."""

import pytest

from importers.datasets import DATASETS
from importers.errors import CellError
from snippets.models import Community, Street

from .conftest import snapshot
from .test_grids import grids_file

pytestmark = pytest.mark.django_db


def limited_columns():
    return list(_limited_columns())


def _limited_columns():
    for name, resource_class in sorted(DATASETS.items()):
        resource = resource_class()
        for column in resource.columns():
            length = column.max_length or resource._model_max_length(column.key)
            if length:
                yield pytest.param(resource, column, length, id=f"{name}-{column.key}")


@pytest.mark.parametrize(("resource", "column", "length"), limited_columns())
def test_every_limited_column_refuses_a_longer_cell(resource, column, length):
    parse = resource.parser(column)
    with pytest.raises(CellError):
        parse("王" * (length + 1))


def test_the_limits_come_from_the_models_and_the_names_that_become_rows():
    columns = {(p.values[0].dataset_name, p.values[1].key): p.values[2] for p in limited_columns()}
    assert columns[("grids", "name")] == 50  # Grid.name
    assert columns[("grids", "community")] == 50  # a new Community is created from it
    assert columns[("volunteers", "team")] == 60  # a new VolunteerTeam
    assert columns[("grid_workers", "name")] == 30
    assert columns[("demand_records", "category")] == 40


def test_a_community_name_longer_than_its_column_is_refused_and_nothing_written(run, tmp_path, yumen):
    """The case the fuzz tests found: PostgreSQL refused the whole import with a DataError."""
    before = snapshot()
    rows = [
        [1, "新市区街道", "兰新社区", "兰新社区网格", "", "", "", "", ""],
        [2, "新市区街道", "王" * 100, "新网格", "", "", "", "", ""],
    ]
    result = run("grids", grids_file(tmp_path, rows))
    assert result.code == 1
    assert [(e["row"], e["column"], e["message"]) for e in result.report["errors"]] == [
        (4, "所属社区*", "所属社区太长（最多50个字）")
    ]
    assert snapshot() == before
    assert not Community.objects.filter(name__startswith="王王").exists()


def test_skip_errors_writes_the_good_rows_and_leaves_the_long_one_out(run, tmp_path, yumen):
    rows = [
        [1, "试点新区街道", "试点东风社区", "东风社区网格", "DF-9", "一级", "", "", ""],
        [2, "街" * 51, "试点西风社区", "西风社区网格", "", "", "", "", ""],
    ]
    result = run("grids", grids_file(tmp_path, rows), "--skip-errors")
    assert result.code == 0, result.errors
    assert result.report["created"] == 1
    assert Community.objects.filter(district=yumen, name="试点东风社区").exists()
    assert not Street.objects.filter(name__startswith="街街").exists()
