"""importers.bulk writes what the ORM would have written (COPY FORMAT BINARY on PostgreSQL, INSERT on SQLite)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction

from demands.models import DemandCategory, DemandRecord
from districts.models import District
from importers.bulk import insert_rows, writing_behind
from importers.datasets import DATASETS
from importers.engine import Importer
from importers.models import ImportBatch, ImportChange
from importers.reading.table import Table
from snippets.models import Community, Volunteer

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def yumen(db):
    return District.objects.get(code="620981")


def test_values_of_every_kind_read_back_as_written(yumen):
    community = Community.objects.filter(district=yumen).first()
    category, _ = DemandCategory.objects.get_or_create(district=yumen, name="物业服务")
    received = dt.datetime(2024, 3, 1, 23, 30, tzinfo=SHANGHAI)  # the 1st here, still February in UTC
    insert_rows(
        DemandRecord,
        [
            {
                "ticket": 'A,"{1}\\ NULL',  # what array and COPY text formats treat specially
                "received_at": received,
                "month": dt.date(2024, 3, 1),
                "content": "第一行\n第二行\t制表",
                "resolved_at": received + dt.timedelta(hours=2),
                "resolved_on_time": True,
                "handling_hours": 2,  # an int in a float column
                "stage": "已办结",
                "community_id": community.pk,
                "category_id": category.pk,
            }
        ],
        district_id=yumen.pk,
    )
    record = DemandRecord.objects.get(district=yumen, ticket__startswith="A,")
    assert (record.ticket, record.content) == ('A,"{1}\\ NULL', "第一行\n第二行\t制表")
    assert record.received_at == received and record.resolved_at == received + dt.timedelta(hours=2)
    assert (record.month, record.handling_hours, record.resolved_on_time, record.accepted_in_time) == (
        dt.date(2024, 3, 1),
        2.0,
        True,
        None,
    )
    assert (record.channel, record.import_batch_id) == ("", None)  # the fields' defaults

    insert_rows(
        Volunteer,
        [
            {"name": "甲", "mobile": "13909710001", "hours": 3},  # an int, a float, a Decimal, the default 0
            {"name": "乙", "mobile": "13909710002", "hours": 2.5},
            {"name": "丙", "mobile": "13909710003", "hours": Decimal("12.5")},
            {"name": "丁", "mobile": "13909710004", "registered_on": dt.date(2024, 1, 5)},
        ],
        district_id=yumen.pk,
    )
    hours = dict(Volunteer.objects.filter(district=yumen, mobile__startswith="1390971000").values_list("name", "hours"))
    assert hours == {"甲": Decimal("3"), "乙": Decimal("2.5"), "丙": Decimal("12.5"), "丁": Decimal("0")}
    assert Volunteer.objects.get(district=yumen, name="丁").registered_on == dt.date(2024, 1, 5)

    batch = ImportBatch.objects.create(district=yumen, dataset="volunteers", source="command")
    before = {"hours": "2.5", "name": "乙", "tags": ["a", None], "nested": {"x": 1}}
    insert_rows(ImportChange, [{"object_id": 7, "action": "updated", "before": before}], batch_id=batch.pk)
    assert ImportChange.objects.get(batch=batch).before == before


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="writing behind is PostgreSQL's COPY in a thread; elsewhere a no-op"
)


def volunteers(n, start=0, **values):
    return [{"name": f"志愿者{i}", "mobile": f"1390972{i:04d}", **values} for i in range(start, start + n)]


@postgresql_only
def test_rows_written_behind_are_there_for_the_next_query(yumen):
    with transaction.atomic(), writing_behind():
        insert_rows(Volunteer, volunteers(3000), district_id=yumen.pk)
        insert_rows(Volunteer, volunteers(5, 3000, skills="理发"), district_id=yumen.pk)  # waits for the first
        assert Volunteer.objects.filter(district=yumen, mobile__startswith="1390972").count() == 3005
    assert Volunteer.objects.filter(district=yumen, mobile__startswith="1390972", skills="理发").count() == 5


@postgresql_only
@pytest.mark.parametrize("where", ["next query", "end of the block"])
def test_a_copy_that_fails_behind_fails_the_transaction(yumen, where):
    missing = Community.objects.order_by("-pk").first().pk + 1000
    with pytest.raises(IntegrityError, match="community"), transaction.atomic(), writing_behind():
        insert_rows(Volunteer, volunteers(10, community_id=missing), district_id=yumen.pk)  # no such community
        if where == "next query":
            Volunteer.objects.count()
    assert not Volunteer.objects.filter(district=yumen, mobile__startswith="1390972").exists()


def test_an_import_that_fails_while_a_copy_runs_behind_keeps_nothing(yumen, monkeypatch):
    def fail(*args):
        raise RuntimeError("断电")

    monkeypatch.setattr(Importer, "_twin_errors", fail)  # after the last chunk was handed to the COPY
    rows = [["姓名", "手机号码"], *[[f"志愿者{i}", f"1390972{i:04d}"] for i in range(20)]]
    with pytest.raises(RuntimeError):
        Importer(DATASETS["volunteers"], yumen).run(Table(rows=rows, first_row=1, kind="xlsx"))
    assert not Volunteer.objects.filter(district=yumen, mobile__startswith="1390972").exists()
