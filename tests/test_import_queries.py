"""An import's queries do not grow with its rows: names, keys and writes are looked up and done in bulk."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.models import District
from importers.datasets import DATASETS
from importers.engine import Importer
from importers.reading import read_table


def roster(count, start=0):
    lines = ["姓名,手机号码,所属队伍,所属社区,累计服务时长"]
    for i in range(start, start + count):
        lines.append(f"志愿者{i},1370000{i:04d},红心服务队{i % 3},文化街社区,{i % 50}.5")
    return "\n".join(lines).encode()


def queries(count, start=0, **options):
    table = read_table(roster(count, start), "v.csv", max_bytes=10**7)
    district = District.objects.get(code="630202")
    with CaptureQueriesContext(connection) as captured:
        Importer(DATASETS["volunteers"], district, **options).run(table)
    return len(captured)


@pytest.mark.django_db
def test_query_count_is_independent_of_the_number_of_rows():
    queries(3, start=9000)  # creates the three teams: one INSERT per new team, not per row
    small, large = queries(10), queries(400, start=1000)
    assert small == large, (small, large)
    # Re-importing (everything unchanged) and a dry run are the same few queries, too.
    assert queries(10) == queries(400, start=1000) < 20
    assert queries(30, start=5000, dry_run=True) == queries(300, start=6000, dry_run=True) < 10
