#!/usr/bin/env python
"""The service catalogue at scale: 300 centres and 3,000 service guides in one district.

    .venv/bin/python bench/services_bench.py [--centres 300] [--guides 3000] [--duration 10] [--runs 40]

A fresh copy of the demo site (bench.demo_site) gets, under 西宁, `--centres` more service centres
(three windows each, following the district's calendar) and `--guides` service guides imported
through the `services` dataset (an .xlsx written here, read by the same engine as the admin), each
guide offered at one to three of the centres. Then:

1. the import's rows/s (wall and CPU);
2. the gunicorn harness of bench/serve.py (2 sync workers, DEBUG off, SQLite, against the floor in
   the same run): the catalogue's first page, a category, the 可代办 + 正在营业 filters, a guide,
   near-me for a community; issue #4's targets: catalogue and guide ≥ 5 % of the floor's req/s,
   near-me ≥ 3 %;
3. catalogue search in process (the catalogue page with ?q=, rendered by Django's test client, and
   the search alone): p50/p95 over `--runs` runs of each query; target p95 < 100 ms.
"""

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.demo_site import prepare, setup_django
from bench.serve import add_arguments, check_tool, measure, print_table

TARGETS = {"catalogue": 5, "category": 5, "filters": 5, "guide": 5, "near-me": 3}
QUERIES = ["养老", "高龄津贴", "残疾人", "低保", "社保", "居住证", "養老", "ylbx", "临时救助", "就业", "火星移民"]
SEARCH_P95_MS = 100

SERVICES = [
    ("高龄津贴申领", "养老服务"),
    ("居家养老服务补贴", "养老服务"),
    ("城乡居民养老保险参保登记", "社会保障"),
    ("最低生活保障申请", "社会救助"),
    ("临时救助申请", "社会救助"),
    ("残疾人证办理", "残疾人服务"),
    ("生育登记", "婚育户籍"),
    ("就业失业登记", "就业创业"),
    ("居住证办理", "证照办理"),
    ("党员组织关系转接", "党员服务"),
    ("老年人优待证办理", "养老服务"),
    ("医疗救助申请", "医疗卫生"),
]
MATERIALS = ["居民身份证原件1份", "户口簿复印件1份", "近期免冠照片2份", "银行卡复印件1份（视情况提供）"]
MATERIALS += ["申请表原件1份"]


def add_centres(count):
    """`count` community centres under 西宁's 党群服务中心, with three windows each."""
    from centres.models import ServiceCentreIndexPage, ServiceCentrePage, ServiceWindow
    from districts.models import DistrictHomePage

    home = DistrictHomePage.objects.get(district__code="630100")
    index = ServiceCentreIndexPage.objects.child_of(home).get()
    rng = random.Random(4)
    titles = []
    for number in range(1, count + 1):
        centre = ServiceCentrePage(
            title=f"测试第{number}社区党群服务站",
            slug=f"bench-centre-{number}",
            level="community",
            address=f"城中区测试路{number}号",
            latitude=Decimal(f"{36.55 + rng.random() * 0.15:.6f}"),
            longitude=Decimal(f"{101.70 + rng.random() * 0.15:.6f}"),
            phone=f"0971-{8_200_000 + number}",
        )
        centre.windows = [
            ServiceWindow(name=name, handles="\n".join(s for s, _ in SERVICES[i::3]))
            for i, name in enumerate(("民政", "社保", "养老"))
        ]
        index.add_child(instance=centre)
        centre.save_revision().publish()
        titles.append(centre.title)
    return titles


def guides_file(path, count, centre_titles):
    from openpyxl import Workbook

    from importers.datasets.services import ServiceResource

    rng = random.Random(7)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("办事指南")
    sheet.append([c.header for c in ServiceResource().columns()])
    for number in range(1, count + 1):
        name, category = SERVICES[number % len(SERVICES)]
        places = "、".join(rng.sample(centre_titles, rng.randint(1, 3)))
        sheet.append(
            [
                f"{name}（第{number}项）",
                category,
                "本市户籍居民",
                "符合条件的本市户籍居民",
                "\n".join(rng.sample(MATERIALS, rng.randint(2, 5))),
                "1. 提交申请：到社区窗口递交材料\n2. 受理审核\n3. 办结：短信通知结果",
                rng.choice(["即办", "3个工作日", "5个工作日", "10个工作日"]),
                "不收费",
                places,
                "工作日 9:00—17:00",
                f"0971-{8_300_000 + number}",
                rng.choice(["是", "否"]),
                "https://zwfw.qinghai.gov.cn/",
            ]
        )
    book.save(path)


def import_guides(path):
    from districts.models import District
    from importers.datasets.services import ServiceResource
    from importers.engine import Importer
    from importers.reading import read_table

    district = District.objects.get(code="630100")
    wall, cpu = time.perf_counter(), time.process_time()
    report = Importer(ServiceResource, district).run(read_table(path.read_bytes(), path.name, max_bytes=1 << 31))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if report.error_count:
        raise SystemExit(f"import errors: {report.errors[:3]}")
    return report.created, wall, cpu


def urls():
    from centres.models import ServiceCentreIndexPage
    from districts.models import DistrictHomePage
    from services.models import ServiceCatalogPage, ServiceCategory, ServiceGuidePage
    from snippets.models import Community

    home = DistrictHomePage.objects.get(district__code="630100")
    catalogue = ServiceCatalogPage.objects.child_of(home).get().url
    category = ServiceCategory.objects.filter(district__code="630100", name="养老服务").first()
    guide = ServiceGuidePage.objects.live().filter(title__startswith="高龄津贴申领（").order_by("path").first()
    centres = ServiceCentreIndexPage.objects.child_of(home).get().url
    community = Community.objects.filter(district__code="630100", service_centres__isnull=False).first()
    return {
        "catalogue": catalogue,
        "category": f"{catalogue}?category={category.pk}" if category else None,
        "filters": f"{catalogue}?proxy=on&open=on",
        "guide": guide.url if guide else None,
        "near-me": f"{centres}nearby/?community={community.pk}" if community else None,
    }


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def search_latency(runs):
    """p50/p95 ms of the catalogue page with ?q= (rendered in process) and of the search alone."""
    from django.test import Client

    from districts.models import DistrictHomePage
    from services.catalogue import _search
    from services.models import ServiceCatalogPage, ServiceGuidePage

    home = DistrictHomePage.objects.get(district__code="630100")
    catalogue = ServiceCatalogPage.objects.child_of(home).get()
    client = Client()
    rows = []
    for query in QUERIES:
        client.get(f"{catalogue.url}?q={quote(query)}")  # warm
        pages, searches = [], []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(f"{catalogue.url}?q={quote(query)}")
            pages.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
            start = time.perf_counter()
            guides = ServiceGuidePage.objects.live().child_of(catalogue)
            _ids, _message = _search(guides, query)
            searches.append((time.perf_counter() - start) * 1000)
        rows.append(
            (query, percentile(pages, 50), percentile(pages, 95), percentile(searches, 50), percentile(searches, 95))
        )
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--centres", type=int, default=300)
    parser.add_argument("--guides", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=40, help="timed runs per search query (default 40)")
    add_arguments(parser)
    args = parser.parse_args()
    check_tool(args)

    load_before = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="governance-services-bench-"))
    print(f"Preparing the demo site in {workdir}")
    try:
        # The in-process timings below are for rendering, not for the page cache the settings turn on.
        env = {**prepare(workdir), "PAGE_CACHE_SECONDS": "0"}
        setup_django(env)
        started = time.perf_counter()
        titles = add_centres(args.centres)
        print(f"  {len(titles)} centres added in {time.perf_counter() - started:.0f} s")
        path = workdir / "guides.xlsx"
        guides_file(path, args.guides, titles)
        created, wall, cpu = import_guides(path)
        print(
            f"  services import: {created} guides in {wall:.1f} s wall, {cpu:.1f} s CPU "
            f"({created / wall:.0f} rows/s wall, {created / cpu:.0f} rows/CPU-s); "
            f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
        searches = search_latency(args.runs)
        rows, skipped = measure(env, urls(), args)
        from services.models import ServiceGuidePage

        total = ServiceGuidePage.objects.count()  # before the database is removed below
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    print(f"\n{total} guides in all, {created} of them in 西宁 from this run")
    print_table(rows, skipped, args, TARGETS, load_before)
    print(f"\nCatalogue search in process, {args.runs} runs per query (target: page p95 < {SEARCH_P95_MS} ms)")
    print(f"{'query':<10} {'page p50':>9} {'page p95':>9} {'search p50':>11} {'search p95':>11}")
    for query, p50, p95, search_p50, search_p95 in searches:
        print(f"{query:<10} {p50:>8.1f} {p95:>9.1f} {search_p50:>11.1f} {search_p95:>11.1f}")
    worst = max(row[2] for row in searches)
    print(
        f"worst page p95 {worst:.1f} ms; median of p95s {statistics.median(r[2] for r in searches):.1f} ms; "
        f"worst search p95 {max(row[4] for row in searches):.1f} ms"
    )


if __name__ == "__main__":
    main()
