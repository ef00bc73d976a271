#!/usr/bin/env python
"""Residents' mixed workload against gunicorn + PostgreSQL + Redis while a 241,000-row import runs.

    .venv/bin/python bench/load.py                                   # a quick check: 16 connections, 30 s
    .venv/bin/python bench/load.py --connections 64 --duration 300   # the issue's run: 64 connections, 5 minutes

Builds a throwaway production-shaped site (bench/stack.py: PostgreSQL and Redis on their own ports,
`migrate`, `load_demo`, `collectstatic`, DEBUG off), serves it with gunicorn (gthread, 3 workers ×
4 threads: why in bench/stack.py) and runs the import worker beside it. The URLs come from the page
tree (bench/stack.py discover_urls): district homes, searches, events, the demand dashboard, the
service catalogue, guides and near-me when those page types exist, and every other public page
type and route. Then, for --duration seconds, --connections keep-alive connections load them
(bench/loadgen.py) while the import of a 241,000-row volunteer roster (bench/volunteers_file.py)
goes through the admin's path after the upload: a batch with the file, the worker's check (the
preview), confirmation, the worker's write. The load stops after --duration; the import is
waited for and its time under load reported.

Prints requests/s, p50/p99 per kind of URL and overall, every failed request (status other than
2xx/3xx, timeouts, connection errors), the import's phases, the CPU seconds of each server and
the load average (the machine's 2 cores are shared). Exits 1 when a request failed or the import
did not finish, else 0.
"""

import argparse
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import loadgen
from bench.demo_site import setup_django
from bench.stack import THREADS, WORKERS, Stack, discover_urls

IMPORT_DISTRICT = "620700"  # 张掖市: 241,000 is the size of its volunteer database
FILES = Path(tempfile.gettempdir()) / "governance-bench"
WEIGHTS = {"district home": 4, "search": 3, "catalogue": 3, "guide": 3, "near-me": 3, "events": 3, "dashboard": 2}


def _own_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def import_file(rows):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from volunteers_file import write

    path = FILES / f"volunteers-{rows}.xlsx"
    if not path.exists():
        write(FILES, rows)
    return path


def prepare_import_district():
    """The 60 communities the generated roster names (as bench/import_bench.py makes them)."""
    from districts.models import District
    from snippets.models import Community, Street

    district = District.objects.get(code=IMPORT_DISTRICT)
    street, _ = Street.objects.get_or_create(district=district, name="基准街道")
    for i in range(1, 61):
        Community.objects.get_or_create(district=district, name=f"第{i}社区", defaults={"street": street})
    return district


class ImportRun(threading.Thread):
    """Upload → check (worker) → confirm → write (worker), timing each phase; polls the database."""

    def __init__(self, district, path):
        super().__init__(daemon=True)
        self.district, self.path = district, path
        self.phases, self.status, self.error, self.batch_id = {}, "", "", None

    def wait_for(self, batch, statuses):
        from importers.models import ImportBatch

        while True:
            batch = ImportBatch.objects.get(pk=batch.pk)
            if batch.status in statuses:
                return batch
            time.sleep(1)

    def run(self):
        from django.core.files import File
        from django.db import connection

        from importers import tasks
        from importers.models import ImportBatch

        try:
            start = time.monotonic()
            batch = ImportBatch(district=self.district, dataset="volunteers", original_name=self.path.name)
            with open(self.path, "rb") as handle:
                batch.file.save(self.path.name, File(handle), save=True)
            self.batch_id = batch.pk
            tasks.check_import.enqueue(batch.pk)
            batch = self.wait_for(batch, {ImportBatch.CHECKED, ImportBatch.FAILED})
            self.phases["check (preview)"] = time.monotonic() - start
            if batch.status == ImportBatch.CHECKED:
                confirmed = time.monotonic()
                batch.status, batch.phase, batch.rows_done = ImportBatch.RUNNING, "排队等待", 0
                batch.save(update_fields=["status", "phase", "rows_done"])
                tasks.apply_import.enqueue(batch.pk)
                batch = self.wait_for(batch, {ImportBatch.DONE, ImportBatch.FAILED})
                self.phases["write"] = time.monotonic() - confirmed
            self.phases["total"] = time.monotonic() - start
            self.status = f"{batch.status}: {batch.created:,} created, {batch.rows:,} rows {batch.message}".strip()
        except Exception as error:  # reported, and the run fails
            self.error = repr(error)
        finally:
            connection.close()


def fetch_status(stack, host, path):
    request = urllib.request.Request(stack.base + path, headers={"Host": host})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def build_plan(stack, urls):
    """Weights per kind; URLs that answer 404 are left out (listed), any other failure stays in."""
    plan, left_out = {}, []
    for kind, pairs in sorted(urls.items()):
        keep = []
        for host, path in pairs:
            status = fetch_status(stack, host, path)
            (left_out.append((kind, path, status)) if status == 404 else keep.append((host, path)))
        if keep:
            plan[kind] = (WEIGHTS.get(kind, 1), keep)
    return plan, left_out


def report(args, stack, plan, results, cpu, import_run, load_before, elapsed_import_in_load):
    overall = results.merged()
    total_weight = sum(weight for weight, _ in plan.values())
    print()
    print(
        f"{args.connections} connections for {results.elapsed:.0f} s; gunicorn gthread {stack.workers} workers × "
        f"{stack.threads} threads; PostgreSQL + Redis; DEBUG off; {os.cpu_count()} CPUs shared with other work; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    header = f"{'kind':<34} {'share':>6} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    header += f" {'failed':>7}"
    print(header)
    print("-" * len(header))
    for kind in sorted(plan, key=lambda k: -len(results.latencies[k])):
        values = sorted(results.latencies[kind])
        failed = sum(n for (k, _), n in results.failures.items() if k == kind)
        print(
            f"{kind:<34} {100 * plan[kind][0] / total_weight:>5.1f}% {len(values):>9} "
            f"{len(values) / results.elapsed:>7.1f} {loadgen.percentile(values, 50):>8.1f} "
            f"{loadgen.percentile(values, 99):>8.1f} {max(values, default=float('nan')):>8.1f} {failed:>7}"
        )
    print("-" * len(header))
    print(
        f"{'all':<34} {'':>6} {len(overall):>9} {len(overall) / results.elapsed:>7.1f} "
        f"{loadgen.percentile(overall, 50):>8.1f} {loadgen.percentile(overall, 99):>8.1f} "
        f"{max(overall, default=float('nan')):>8.1f} {results.failed:>7}"
    )
    statuses = {}
    for (_kind, status), n in results.statuses.items():
        statuses[status] = statuses.get(status, 0) + n
    print(f"\nstatus codes: {dict(sorted(statuses.items()))}")
    if results.failures:
        print("FAILED requests:")
        for (kind, what), n in sorted(results.failures.items()):
            print(f"  {n:>6} × {what:<28} {kind}")
    else:
        print("failed requests: 0 (no status outside 2xx/3xx, no timeout, no connection error)")
    step = 30
    timeline = [
        sum(results.windows[s] for s in range(t, t + step)) / step for t in range(0, int(results.elapsed), step)
    ]
    print(f"req/s per {step} s: " + " ".join(f"{r:.0f}" for r in timeline))
    print(
        "\nimport of the 241,000-row roster under load:" if args.rows == 241_000 else f"\nimport of {args.rows} rows:"
    )
    if import_run is None:
        print("  not run (--no-import)")
    else:
        for phase, seconds in import_run.phases.items():
            print(f"  {phase:<18} {seconds:>7.1f} s")
        print(f"  result: {import_run.status or import_run.error or 'did not finish'}")
        print(f"  the load ran for {elapsed_import_in_load:.0f} s of the import")
    print("\nCPU seconds during the load: " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in cpu.items()))
    return not results.failed and (import_run is None or import_run.status.startswith("done"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds of load (default 30; the issue's: 300)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16; issue: 64)")
    parser.add_argument("--rows", type=int, default=241_000, help="rows of the import (default 241000)")
    parser.add_argument("--no-import", action="store_true", help="load only")
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a request counts as timed out")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="governance-load-"))
    stack = Stack(workdir, workers=args.workers, threads=args.threads)
    print(f"Preparing in {workdir}: PostgreSQL on {stack.pg_port}, Redis on {stack.redis_port}")
    ok = False
    try:
        stack.start_postgres()
        stack.start_redis()
        stack.prepare()
        path = None if args.no_import else import_file(args.rows)
        setup_django(stack.env())
        from django.db import connections

        urls = discover_urls()
        stack.hosts |= {host.split(":")[0] for pairs in urls.values() for host, _ in pairs}
        district = None if args.no_import else prepare_import_district()
        connections.close_all()

        stack.start_gunicorn()
        stack.start_worker()
        print(f"Serving on {stack.base}; checking {sum(len(v) for v in urls.values())} URLs …")
        plan, left_out = build_plan(stack, urls)
        for kind, path_, status in left_out:
            print(f"  left out ({status}): {kind} {path_}")
        for kind, (weight, pairs) in sorted(plan.items()):
            print(f"  {kind:<34} weight {weight}, {len(pairs)} URLs, e.g. {pairs[0][1]}")

        cpu_before = {**stack.cpu(), "load generator": _own_cpu()}
        import_run = None
        if not args.no_import:
            import_run = ImportRun(district, path)
            import_run.start()
        import_started = time.monotonic()
        print(f"Loading for {args.duration} s with {args.connections} connections …", flush=True)
        results = loadgen.run(
            stack.port, plan, connections=args.connections, duration=args.duration, timeout=args.timeout
        )
        elapsed_import_in_load = time.monotonic() - import_started
        cpu_after = {**stack.cpu(), "load generator": _own_cpu()}
        cpu = {name: cpu_after[name] - cpu_before.get(name, 0.0) for name in cpu_after}
        if import_run is not None:
            print("Waiting for the import to finish …", flush=True)
            import_run.join(timeout=3600)
        ok = report(args, stack, plan, results, cpu, import_run, load_before, elapsed_import_in_load)
    finally:
        stack.close()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
