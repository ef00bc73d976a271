"""demand_records and demand_summaries through the importer; the figures against a hand-computed example."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demands.dashboard import Dashboard
from demands.figures import add_working_days, figures, median_from_bins, public_summaries, recompute
from demands.models import DemandCategory, DemandRecord, DemandSummary
from districts.models import District
from importers.datasets.demands import DemandRecordResource
from importers.models import ImportBatch
from importers.undo import undo
from snippets.models import Community

from .helpers import RECORD_HEADER, SUMMARY_HEADER, record, run_import

JAN = dt.date(2020, 1, 1)


@pytest.fixture
def dadong(db):
    return District.objects.get(code="210104")


@pytest.fixture
def community(dadong):
    return Community.objects.filter(district=dadong).order_by("name").first()


def example_rows(name):
    """Six demands of January 2020 (a Wednesday the 1st), worked out by hand below."""
    return [
        # answered directly, resolved in 2 hours, satisfied
        record(
            "D1",
            "2020-01-02 09:00",
            name,
            "物业服务",
            kind="回复解释类",
            resolved="2020-01-02 11:00",
            stage="已评价",
            satisfaction="满意",
        ),
        # dispatched, accepted within 1 h, resolved in 1 day (due: 3 working days), 基本满意
        record(
            "D2",
            "2020-01-02 09:00",
            name,
            "物业服务",
            dispatched="2020-01-02 10:00",
            accepted="2020-01-02 11:00",
            resolved="2020-01-03 09:00",
            stage="已评价",
            satisfaction="基本满意",
        ),
        # dispatched, accepted after 5 h, resolved after its due time (2 days), 不满意
        record(
            "D3",
            "2020-01-03 09:00",
            name,
            "停车管理",
            dispatched="2020-01-03 09:00",
            accepted="2020-01-03 14:00",
            due="2天",
            resolved="2020-01-06 09:00",
            stage="已评价",
            satisfaction="不满意",
        ),
        # dispatched and accepted, resolved on time, not rated
        record(
            "D4",
            "2020-01-06 08:00",
            name,
            "停车管理",
            dispatched="2020-01-06 08:30",
            accepted="2020-01-06 09:00",
            resolved="2020-01-06 20:00",
            stage="已办结",
        ),
        # dispatched, not accepted yet, long overdue
        record("D5", "2020-01-07 08:00", name, "宠物管理", dispatched="2020-01-07 09:00", stage="已派单", resolved=""),
        # waiting to be dispatched
        record("D6", "2020-01-08 08:00", name, "环境卫生", stage="待派单", resolved=""),
    ]


@pytest.mark.django_db
def test_records_import_and_figures_match_the_hand_computed_example(dadong, community):
    report = run_import("demand_records", dadong, RECORD_HEADER, example_rows(community.name))
    assert report.errors == [] and report.created == 6
    assert DemandCategory.objects.filter(district=dadong, name="宠物管理", import_batch_id=report.batch).exists()
    rows = DemandSummary.objects.filter(district=dadong, month=JAN, community=community, source="computed")
    assert rows.count() == 4  # one per category
    f = figures(public_summaries(dadong).filter(month=JAN, community=community))
    assert f.received == 6
    assert f.answered == 1
    assert f.dispatched == 4  # D2–D5
    assert f.timely_acceptance_rate == 50.0  # D2, D4 of D2–D5 within 2 hours
    assert f.resolved == 4
    assert f.resolution_rate == 66.7
    assert f.on_time_rate == 75.0  # D3 late
    assert f.answered_on_time_rate is None  # one answered demand: too few to give a rate
    assert f.handled_on_time_rate == pytest.approx(66.7)
    assert f.rated == 3
    assert f.satisfaction_rate == 66.7
    # handling hours: 2, 24, 72, 12 → mean 27.5; bins ≤4:1, 8–24:2, 48–72:1 → median in the 8–24 bin
    assert f.mean_hours == 27.5
    assert f.median_hours == median_from_bins([1, 0, 2, 0, 1, 0, 0, 0]) == 16.0
    assert f.backlog == 2 and f.overdue == 2
    assert [n for _label, n in f.stages()] == [6, 4, 3, 4, 3]


@pytest.mark.django_db
def test_reimport_updates_and_undo_recomputes_exactly_the_affected_months(dadong, community):
    first = run_import("demand_records", dadong, RECORD_HEADER, example_rows(community.name))
    other = Community.objects.filter(district=dadong).exclude(pk=community.pk).first()
    # D6 moves to February and another community; D5 is resolved
    rows = example_rows(community.name)
    rows[4] = record(
        "D5",
        "2020-01-07 08:00",
        community.name,
        "宠物管理",
        dispatched="2020-01-07 09:00",
        accepted="2020-01-07 09:30",
        resolved="2020-01-07 18:00",
        stage="已办结",
    )
    rows[5] = record("D6", "2020-02-03 08:00", other.name, "环境卫生", stage="待派单")
    second = run_import("demand_records", dadong, RECORD_HEADER, rows)
    assert second.errors == [] and second.updated == 2
    jan = figures(public_summaries(dadong).filter(month=JAN, community=community))
    assert (jan.received, jan.resolved) == (5, 5)
    feb = figures(public_summaries(dadong).filter(month=dt.date(2020, 2, 1), community=other))
    assert feb.received == 1
    untouched = DemandSummary.objects.filter(district=dadong, month__gte=dt.date(2021, 1, 1))
    before = list(untouched.values_list("pk", flat=True))
    undo(ImportBatch.objects.get(pk=second.batch), None)
    jan = figures(public_summaries(dadong).filter(month=JAN, community=community))
    assert (jan.received, jan.resolved) == (6, 4)
    assert not DemandSummary.objects.filter(district=dadong, month=dt.date(2020, 2, 1)).exists()
    assert list(untouched.values_list("pk", flat=True)) == before  # other months were not rebuilt
    undo(ImportBatch.objects.get(pk=first.batch), None)
    assert not DemandRecord.objects.filter(district=dadong, month=JAN).exists()
    assert not DemandSummary.objects.filter(district=dadong, month=JAN).exists()
    assert not DemandCategory.objects.filter(import_batch_id=first.batch).exists()


@pytest.mark.django_db
def test_summaries_import_and_are_refused_where_records_exist(dadong, community):
    run_import("demand_records", dadong, RECORD_HEADER, example_rows(community.name))
    other = Community.objects.filter(district=dadong).exclude(pk=community.pk).first()
    report = run_import(
        "demand_summaries",
        dadong,
        SUMMARY_HEADER,
        [
            ["2020年1月", community.name, "物业服务", 10, 9, 8, 5, 5],
            ["2020-01", other.name, "物业服务", 10, 9, 8, 5, 4],
        ],
    )
    assert report.created == 0 and len(report.errors) == 1
    assert "已有诉求明细" in report.errors[0]["message"] and report.errors[0]["column"] == "统计月份"
    report = run_import(
        "demand_summaries", dadong, SUMMARY_HEADER, [["202001", other.name, "物业服务", 10, 9, 8, 5, 4]]
    )
    assert report.errors == [] and report.created == 1
    f = figures(public_summaries(dadong).filter(month=JAN, community=other))
    assert (f.received, f.resolved, f.on_time_rate, f.satisfaction_rate) == (10, 9, 88.9, 80.0)


@pytest.mark.django_db
def test_imported_summaries_give_way_to_records_and_come_back_on_undo(dadong, community):
    run_import(
        "demand_summaries", dadong, SUMMARY_HEADER, [["2020-03", community.name, "物业服务", 50, 45, 40, 20, 19]]
    )
    assert figures(public_summaries(dadong).filter(month=dt.date(2020, 3, 1))).received == 50
    rows = [record("M1", "2020-03-02 09:00", community.name, resolved="2020-03-02 10:00")]
    report = run_import("demand_records", dadong, RECORD_HEADER, rows)
    assert figures(public_summaries(dadong).filter(month=dt.date(2020, 3, 1))).received == 1
    undo(ImportBatch.objects.get(pk=report.batch), None)
    assert figures(public_summaries(dadong).filter(month=dt.date(2020, 3, 1))).received == 50


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (record("B1", "2020-01-05 09:00", "{c}", resolved="2020-01-04 09:00"), "办结时间", "早于受理时间"),
        (record("B2", "2020-01-05 09:00", "{c}", stage="已接单", satisfaction="满意"), "满意度", "尚未办结"),
        (record("B3", "2020-01-05 09:00", "{c}", stage="已办结"), "办结时间", "不能为空"),
        (record("B4", "2024年13月5日", "{c}"), "受理时间", "不存在"),
        (record("B5", "2020-01-05 09:00", "{c}", stage="已搁置"), "办理状态", "应为以下之一"),
        (record("B6", "2020-01-05 09:00", "无此社区"), "所属社区", "社区不存在"),
        (record("B7", "2020-01-05 09:00", "{c}", due="尽快", resolved="2020-01-05 10:00"), "应办结时间", "时限"),
    ],
)
def test_bad_records_are_chinese_row_errors_and_nothing_is_written(dadong, community, row, column, words):
    row = [cell.replace("{c}", community.name) if isinstance(cell, str) else cell for cell in row]
    good = record("G1", "2020-01-05 09:00", community.name, resolved="2020-01-05 10:00")
    report = run_import("demand_records", dadong, RECORD_HEADER, [good, row])
    assert report.created == 0 and report.batch is None
    assert len(report.errors) == 1, report.errors
    error = report.errors[0]
    assert error["row"] == 3 and error["column"] == column and words in error["message"], error
    assert not DemandRecord.objects.filter(district=dadong, ticket="G1").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (["2020-01", "{c}", "物业服务", 5, 6, "", "", ""], "办结数", "大于受理数"),
        (["2020-01", "{c}", "物业服务", 5, 5, "", 3, 4], "满意数", "大于参评数"),
        (["2024年13月", "{c}", "物业服务", 5, 5, "", "", ""], "统计月份", "2024年13月 不存在"),
        (["2020-01", "{c}", "物业服务", 5, 4, 5, "", ""], "按期办结数", "大于办结数"),
        (["2020-01", "{c}", "物业服务", -1, 0, "", "", ""], "受理数", "之间的数字"),
    ],
)
def test_bad_summaries_are_refused(dadong, community, row, column, words):
    row = [cell.replace("{c}", community.name) if isinstance(cell, str) else cell for cell in row]
    report = run_import("demand_summaries", dadong, SUMMARY_HEADER, [row])
    assert report.batch is None and len(report.errors) == 1
    assert report.errors[0]["column"] == column and words in report.errors[0]["message"], report.errors


@pytest.mark.django_db
def test_duplicate_tickets_in_one_file_are_both_errors(dadong, community):
    rows = [record("X1", "2020-01-05 09:00", community.name, resolved="2020-01-05 10:00")] * 2
    report = run_import("demand_records", dadong, RECORD_HEADER, rows)
    assert [e["row"] for e in report.errors] == [2, 3]


# Tickets that array literals, COPY text and SQL quoting treat specially, and one of each kind.
ODD_TICKETS = ["A,1", 'B"2', "{C3}", "D\\4", "NULL", "E'5", "F(6)", "G6"]


@pytest.mark.django_db
def test_reimport_finds_every_ticket_whatever_characters_it_holds(dadong, community):
    rows = [record(t, "2020-01-02 09:00", community.name, resolved="2020-01-02 11:00") for t in ODD_TICKETS]
    assert run_import("demand_records", dadong, RECORD_HEADER, rows).created == len(ODD_TICKETS)
    rows = [record(t, "2020-01-02 09:00", community.name, resolved="2020-01-02 12:00") for t in ODD_TICKETS]
    second = run_import("demand_records", dadong, RECORD_HEADER, rows)
    assert (second.errors, second.created, second.updated) == ([], 0, len(ODD_TICKETS))
    assert sorted(DemandRecord.objects.filter(district=dadong).values_list("ticket", flat=True)) == sorted(ODD_TICKETS)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite is asked with a plain IN list")
def test_a_chunk_asks_postgresql_for_its_tickets_as_one_array(dadong, community, monkeypatch):
    monkeypatch.setattr(DemandRecordResource, "chunk_rows", 3)
    rows = [record(t, "2020-01-02 09:00", community.name, resolved="2020-01-02 11:00") for t in ODD_TICKETS]
    run_import("demand_records", dadong, RECORD_HEADER, rows[:5])
    with CaptureQueriesContext(connection) as queries:
        report = run_import("demand_records", dadong, RECORD_HEADER, rows)
    assert (report.errors, report.created, report.updated, report.unchanged) == ([], 3, 0, 5)
    lookups = [q["sql"] for q in queries if 'FROM "demands_demandrecord"' in q["sql"] and "unnest(" in q["sql"]]
    assert len(lookups) == 3  # one per chunk of 3, 3 and 2 rows
    assert all(" IN (SELECT unnest(" in sql for sql in lookups)


@pytest.mark.django_db
def test_full_recompute_gives_the_same_summaries(xining):
    def snapshot():
        return sorted(
            DemandSummary.objects.filter(district=xining, source="computed").values_list(
                "month", "community_id", "category_id", "received", "resolved", "rated", "satisfied"
            )
        )

    before = snapshot()
    assert before
    recompute(xining)
    assert snapshot() == before


@pytest.mark.django_db
def test_dashboard_queries_do_not_depend_on_the_number_of_records(client, django_assert_max_num_queries, xining):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from demands.pages import DemandDashboardPage

    page = DemandDashboardPage.objects.get(slug="suqiu", path__startswith=xining.home_page.path)
    client.get(page.url)  # renditions and caches warmed
    with django_assert_max_num_queries(35), CaptureQueriesContext(connection) as before:
        response = client.get(page.url)
    assert response.status_code == 200 and "<svg" in response.content.decode()
    community = Community.objects.filter(district=xining).first()
    rows = [
        record(
            f"MORE{n}", f"2026-10-{n % 27 + 1:02d} 09:00", community.name, resolved=f"2026-10-{n % 27 + 1:02d} 12:00"
        )
        for n in range(300)
    ]
    assert run_import("demand_records", xining, RECORD_HEADER, rows).created == 300
    with CaptureQueriesContext(connection) as after:
        assert client.get(page.url).status_code == 200
    assert len(after) == len(before)
    dashboard = Dashboard(xining, {})
    assert (
        dashboard.total.received
        == DemandRecord.objects.filter(
            district=xining, month__gte=dashboard.period.start, month__lte=dashboard.period.end
        ).count()
    )


def test_working_days_counted_day_by_day():
    def by_hand(start, days):
        current = start
        while days > 0:
            current += dt.timedelta(days=1)
            days -= current.weekday() < 5
        return current

    for offset in range(7):  # from every day of the week, Saturday and Sunday too
        start = dt.datetime(2024, 3, 4, 9, 30) + dt.timedelta(days=offset)
        for days in range(0, 25):
            assert add_working_days(start, days) == by_hand(start, days), (start, days)
