"""Small demand files made in memory and imported through the one import path."""

import csv
import io

from importers.datasets import DATASETS
from importers.engine import Importer
from importers.reading import read_table

RECORD_HEADER = [
    "诉求编号",
    "受理时间",
    "来源渠道",
    "诉求类别",
    "诉求类型",
    "所属社区",
    "诉求内容",
    "承办单位",
    "派单时间",
    "接单时间",
    "应办结时间",
    "办理状态",
    "办结时间",
    "满意度",
]
SUMMARY_HEADER = ["统计月份", "所属社区", "诉求类别", "受理数", "办结数", "按期办结数", "参评数", "满意数"]


def csv_bytes(header, rows, encoding="utf-8-sig"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def run_import(dataset, district, header, rows, **options):
    table = read_table(csv_bytes(header, rows), "demands.csv", max_bytes=10 * 1048576)
    return Importer(DATASETS[dataset], district, **options).run(table)


def record(
    ticket,
    received,
    community,
    category="物业服务",
    *,
    stage="已办结",
    resolved="",
    kind="转交办理类",
    dispatched="",
    accepted="",
    due="",
    satisfaction="",
    content="",
    channel="12345热线",
    unit="住建局",
):
    return [
        ticket,
        received,
        channel,
        category,
        kind,
        community,
        content,
        unit,
        dispatched,
        accepted,
        due,
        stage,
        resolved,
        satisfaction,
    ]
