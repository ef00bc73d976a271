"""Import benchmark: a 241,000-row volunteer roster through our importer and through stock django-import-export.

    python bench/import_bench.py [--rows 241000] [--database-url postgres://…] [--skip-stock]

Each step runs in its own process (so its peak memory is its own) against a
fresh database: SQLite in a temporary file unless --database-url is given.
Besides wall time each step reports its CPU seconds (`cpu_s`): on a shared
machine the wall time says as much about the neighbours as about the code.
Prints one line per step (wall time, rows/s, peak RSS) and the ratios to the
stock path. Targets (issue #6, SQLite): first import ≥ 15,000 rows/s; dry run,
unchanged and 1 %-changed re-imports ≥ 25,000 rows/s; peak memory ≤ 1 GiB.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_CODE = "620700"  # 张掖市: 241,000 is the size of its volunteer database


def django_setup():
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def prepare_database():
    """A district with 60 communities, and nothing else: what the roster refers to."""
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from districts.models import District
    from snippets.models import Community, Street

    district, _ = District.objects.get_or_create(
        code=BENCH_CODE, defaults={"name": "张掖市", "level": "prefecture", "slogan": "基准测试"}
    )
    street, _ = Street.objects.get_or_create(district=district, name="基准街道")
    for i in range(1, 61):
        Community.objects.get_or_create(district=district, name=f"第{i}社区", defaults={"street": street})


def run_ours(path, dry_run):
    django_setup()
    from districts.models import District
    from importers.datasets import DATASETS
    from importers.engine import Importer
    from importers.reading import read_table

    district = District.objects.get(code=BENCH_CODE)
    start, cpu = time.perf_counter(), time.process_time()
    table = read_table(Path(path).read_bytes(), Path(path).name, max_bytes=1 << 30)
    report = Importer(DATASETS["volunteers"], district, dry_run=dry_run).run(table)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    counts = {k: getattr(report, k) for k in ("created", "updated", "unchanged", "error_count")}
    return seconds, {"cpu_s": round(cpu, 1), **counts}


def run_stock(path):
    """django-import-export's own path: Resource.import_data with default options."""
    django_setup()
    import tablib
    from import_export import fields, resources, widgets

    from snippets.models import Community, Volunteer, VolunteerTeam

    class StockVolunteerResource(resources.ModelResource):
        name = fields.Field("name", "姓名*")
        mobile = fields.Field("mobile", "手机号码*")
        team = fields.Field("team", "所属队伍", widgets.ForeignKeyWidget(VolunteerTeam, "name"))
        community = fields.Field("community", "所属社区", widgets.ForeignKeyWidget(Community, "name"))
        skills = fields.Field("skills", "服务特长")
        registered_on = fields.Field("registered_on", "注册日期", widgets.DateWidget("%Y-%m-%d"))
        hours = fields.Field("hours", "累计服务时长", widgets.DecimalWidget())
        political_status = fields.Field("political_status", "政治面貌")

        class Meta:
            model = Volunteer
            fields = ("name", "mobile", "team", "community", "skills", "registered_on", "hours", "political_status")
            import_id_fields = ("mobile",)

        def before_import_row(self, row, **kwargs):
            row["district"] = district_id

        def before_save_instance(self, instance, row, **kwargs):
            instance.district_id = district_id

    from districts.models import District

    district_id = District.objects.get(code=BENCH_CODE).pk
    for team in (
        "红心服务队",
        "爱心理发队",
        "红色义诊队",
        "敲门行动队",
        "巾帼志愿服务队",
        "青年志愿服务队",
        "职工志愿服务队",
    ):
        VolunteerTeam.objects.get_or_create(district_id=district_id, name=team)
    start = time.perf_counter()
    data = Path(path).read_bytes()
    dataset = tablib.Dataset().load(data.decode("utf-8-sig"), format="csv")
    result = StockVolunteerResource().import_data(dataset)
    seconds = time.perf_counter() - start
    totals = dict(result.totals)
    return seconds, {
        "rows": len(dataset),
        "new": totals.get("new"),
        "update": totals.get("update"),
        "skip": totals.get("skip"),
        "error": totals.get("error"),
    }


def worker(step, path):
    if step == "prepare":
        prepare_database()
        seconds, report = 0.0, {}
    elif step == "stock":
        seconds, report = run_stock(path)
    else:
        seconds, report = run_ours(path, dry_run=step == "dry-run")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "report": report}, ensure_ascii=False))


def step(name, path, env):
    out = subprocess.run(
        [sys.executable, __file__, "--worker", name, str(path)], env=env, capture_output=True, text=True, check=False
    )
    if out.returncode:
        sys.exit(f"{name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=241_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--skip-stock", action="store_true")
    parser.add_argument("--files", default=str(Path(tempfile.gettempdir()) / "governance-bench"))
    parser.add_argument("--worker", nargs=2, metavar=("STEP", "FILE"))
    args = parser.parse_args()
    if args.worker:
        return worker(*args.worker)

    sys.path.insert(0, str(ROOT / "bench"))
    from volunteers_file import write

    files = Path(args.files)
    base = files / f"volunteers-{args.rows}"
    if not base.with_suffix(".xlsx").exists():
        write(files, args.rows)
    changed = files / f"volunteers-{args.rows}-changed1"
    if not changed.with_suffix(".xlsx").exists():
        write(files, args.rows, 1.0)

    def fresh_env():
        env = {**os.environ, "DEBUG": "1", "IMPORT_MAX_FILE_MB": "1024"}
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
            _reset_postgres(args.database_url)
        else:
            env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bench-db-')}/bench.sqlite3"
        step("prepare", "-", env)
        return env

    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{args.rows:,} volunteer rows on {database}; python {sys.version.split()[0]}")
    print(f"{'step':<36}{'seconds':>9}{'rows/s':>10}{'peak MB':>9}  report")
    results = {}

    def show(label, result):
        rate = args.rows / result["seconds"] if result["seconds"] else 0
        results[label] = rate
        print(f"{label:<36}{result['seconds']:>9.1f}{rate:>10,.0f}{result['peak_mb']:>9.0f}  {result['report']}")

    env = fresh_env()
    show("ours: dry-run preview (xlsx)", step("dry-run", base.with_suffix(".xlsx"), env))
    show("ours: first import (xlsx)", step("import", base.with_suffix(".xlsx"), env))
    show("ours: re-import unchanged (xlsx)", step("import", base.with_suffix(".xlsx"), env))
    show("ours: re-import unchanged (csv)", step("import", base.with_suffix(".csv"), env))
    show("ours: re-import 1% changed (xlsx)", step("import", changed.with_suffix(".xlsx"), env))
    env = fresh_env()
    show("ours: first import (csv)", step("import", base.with_suffix(".csv"), env))
    if not args.skip_stock:
        env = fresh_env()
        show("stock import-export: first import (csv)", step("stock", base.with_suffix(".csv"), env))
        show("stock import-export: re-import unchanged", step("stock", base.with_suffix(".csv"), env))
        first = results["ours: first import (csv)"] / results["stock import-export: first import (csv)"]
        again = results["ours: re-import unchanged (csv)"] / results["stock import-export: re-import unchanged"]
        print(f"ratio to stock: first import {first:.1f}x; re-import unchanged {again:.1f}x")


def _reset_postgres(url):
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


if __name__ == "__main__":
    main()
