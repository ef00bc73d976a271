"""Demand benchmark (issue #7): a million demand records in one district, as a GB18030 CSV.

    .venv/bin/python bench/demand_bench.py [--rows 1000000] [--database-url postgres://…] [--requests 200]

Steps, each in its own process (so peak memory is its own) against a fresh database (SQLite
in a temporary file unless --database-url is given):

1. generate: the CSV a 12345 platform would export (GB18030, 15 columns, 60 communities,
   8 categories, two years), written to a temporary file;
2. import: `demand_records` through the importer (check + write + recompute of the summaries
   of the months and communities the file touched) — wall time, rows/s, peak RSS;
3. recompute: a full recompute of every summary of the district (`demands.figures.recompute`);
4. dashboard: the district's dashboard page rendered through Django's test client, p50/p99
   over --requests requests, and its query count (the same with the million records as with
   none: it reads summaries only).

Targets: ≥ 15,000 rows/s on SQLite (25,000 on PostgreSQL) with peak memory < 1 GiB; a full
recompute < 10 s. Prints one JSON line per step.
"""

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = "632800"
CATEGORIES = ["物业服务", "环境卫生", "停车管理", "市政设施", "养老服务", "医疗卫生", "矛盾纠纷", "就业社保"]
HEADER = [
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


def django_setup():
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    # Every dashboard request renders: the figures are for rendering, not for the page cache.
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()


def peak_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def generate(path, rows):
    """Demands of two years in 60 communities, written the way a hotline platform exports them."""
    rng = random.Random(7)
    start = dt.datetime(2024, 1, 1, 8)
    with open(path, "w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            received = start + dt.timedelta(minutes=rng.randrange(730 * 24 * 60))
            answered = rng.random() < 0.35
            resolved = received + dt.timedelta(hours=rng.uniform(0.5, 6) if answered else rng.uniform(2, 120))
            dispatched = "" if answered else f"{received + dt.timedelta(minutes=20):%Y-%m-%d %H:%M}"
            accepted = "" if answered else f"{received + dt.timedelta(minutes=rng.randrange(25, 300)):%Y-%m-%d %H:%M}"
            done = rng.random() < 0.97
            writer.writerow(
                [
                    f"HX{n:08d}",
                    f"{received:%Y-%m-%d %H:%M}",
                    "12345热线",
                    CATEGORIES[n % len(CATEGORIES)],
                    "回复解释类" if answered else "转交办理类",
                    f"第{n % 60 + 1}社区",
                    "小区路灯不亮，请尽快处理。",
                    "" if answered else "城管局",
                    dispatched,
                    accepted,
                    "",
                    ("已评价" if n % 3 else "已办结") if done else "已接单" if accepted else "待派单",
                    f"{resolved:%Y-%m-%d %H:%M}" if done else "",
                    ("满意" if n % 17 else "不满意") if done and n % 3 else "",
                ]
            )


def prepare():
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from wagtail.models import Page, Site

    from districts.models import District, DistrictHomePage, PortalHomePage
    from snippets.models import Community, Street

    district, _ = District.objects.get_or_create(
        code=CODE, defaults={"name": "海西蒙古族藏族自治州", "level": "prefecture", "slogan": "基准测试"}
    )
    street, _ = Street.objects.get_or_create(district=district, name="基准街道")
    for i in range(1, 61):
        Community.objects.get_or_create(district=district, name=f"第{i}社区", defaults={"street": street})
    root = Page.get_first_root_node()
    portal = PortalHomePage.objects.first()
    if portal is None:
        portal = PortalHomePage(title="门户", slug="bench-portal")
        root.add_child(instance=portal)
        Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "testserver", "root_page": portal})
    home = DistrictHomePage.objects.filter(district=district).first()
    if home is None:
        home = DistrictHomePage(title=district.name, slug="haixi", district=district)
        portal.add_child(instance=home)
    from demands.pages import DemandDashboardPage

    if not DemandDashboardPage.objects.exists():
        home.add_child(instance=DemandDashboardPage(title="诉求办理公开", slug="suqiu"))


def run_import(path):
    django_setup()
    from districts.models import District
    from importers.datasets import DATASETS
    from importers.engine import Importer
    from importers.reading import read_table

    district = District.objects.get(code=CODE)
    start, cpu = time.perf_counter(), time.process_time()
    table = read_table(Path(path).read_bytes(), Path(path).name, max_bytes=1 << 31)
    report = Importer(DATASETS["demand_records"], district).run(table)
    seconds = time.perf_counter() - start
    return {
        "step": "import",
        "rows": report.rows,
        "created": report.created,
        "errors": report.error_count,
        "seconds": round(seconds, 1),
        "rows_per_s": round(report.rows / seconds),
        "cpu_s": round(time.process_time() - cpu, 1),
        "peak_mb": peak_mb(),
    }


def run_recompute():
    django_setup()
    from demands.figures import recompute
    from districts.models import District

    district = District.objects.get(code=CODE)
    start, cpu = time.perf_counter(), time.process_time()
    written = recompute(district)
    seconds = time.perf_counter() - start
    return {
        "step": "recompute",
        "summaries": written,
        "seconds": round(seconds, 2),
        "cpu_s": round(time.process_time() - cpu, 2),
    }


def run_dashboard(requests):
    django_setup()
    from django.db import connection
    from django.test import Client

    from demands.pages import DemandDashboardPage

    url = DemandDashboardPage.objects.get().url
    client = Client()
    client.get(url)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200
    times = []
    for n in range(requests):
        start = time.perf_counter()
        response = client.get(url + ("?period=2024" if n % 2 else ""))
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    times.sort()
    return {
        "step": "dashboard",
        "url": url,
        "queries": len(queries),
        "p50_ms": round(statistics.median(times), 1),
        "p99_ms": round(times[int(len(times) * 0.99) - 1], 1),
        "requests_per_s": round(1000 / statistics.mean(times), 1),
    }


def child(step, *args):
    env = os.environ | {"BENCH_STEP": step}
    out = subprocess.run([sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=False)
    if out.returncode:
        print(out.stderr, file=sys.stderr)
        raise SystemExit(out.returncode)
    return out.stdout.strip().splitlines()[-1]


def main():
    step = os.environ.get("BENCH_STEP")
    if step == "prepare":
        prepare()
        print("{}")
        return
    if step == "import":
        print(json.dumps(run_import(sys.argv[1]), ensure_ascii=False))
        return
    if step == "recompute":
        print(json.dumps(run_recompute()))
        return
    if step == "dashboard":
        print(json.dumps(run_dashboard(int(sys.argv[1])), ensure_ascii=False))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = options.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        path = Path(tmp) / "诉求明细.csv"
        start = time.perf_counter()
        generate(path, options.rows)
        size = path.stat().st_size
        print(
            json.dumps(
                {
                    "step": "generate",
                    "rows": options.rows,
                    "mb": round(size / 1048576),
                    "seconds": round(time.perf_counter() - start, 1),
                }
            )
        )
        child("prepare")
        print(child("dashboard", str(options.requests)).replace('"dashboard"', '"dashboard (no records)"'))
        print(child("import", str(path)))
        print(child("recompute"))
        print(child("dashboard", str(options.requests)))


if __name__ == "__main__":
    main()
