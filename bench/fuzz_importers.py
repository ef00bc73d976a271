"""Fuzzing the importers: N cases over the reading layer and every dataset, through the real engine.

    python bench/fuzz_importers.py [N] [--seed S] [--dataset NAME ...] [--atheris] [--fresh]
    python bench/fuzz_importers.py --replay var/fuzz/crash-….pickle

Each case is drawn by the hypothesis strategies of tests/importers/fuzz: random bytes behind a file
type's magic; a table of hostile cells under a dataset's headers, saved as xlsx, xls, ods, CSV (UTF-8,
BOM, GB18030) or an HTML ".xls"; such a file cut short or damaged; or the table itself, as a reader
would hand it over. The bytes go through the reading layer and header search alone, then the case
through read_upload → Importer.run — the path of the admin and `import_data` — in a transaction
rolled back afterwards, and tests/importers/fuzz/contract.py checks the outcome: rows, row errors or
a TableError, each in Chinese, and nothing written unless rows were.

Anything else is a crash: an uncaught exception, a broken promise, a case that outlives
--time-limit (a watchdog saves it and ends the run), or one that grows the peak RSS by more than
--memory-limit MB. Each distinct crash is saved under var/fuzz/ (gitignored): a .pickle that
--replay runs again, and for a file its bytes, which `import_data` takes as they are.

With --atheris the cases come from atheris (coverage-guided, the importers' Python code
instrumented) through hypothesis' fuzz_one_input instead of hypothesis' own generation.

The database is a SQLite file with the demo content (var/fuzz/demo.sqlite3, built on the first run
or with --fresh, about 45 s), or --database-url. Prints cases run, CPU seconds, cases/s, distinct
outcomes with their counts, the slowest case, peak RSS, and the crashes.
"""

import argparse
import collections
import hashlib
import io
import logging
import os
import pickle
import resource
import sys
import threading
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "fuzz"
DISTRICT = "620981"  # 玉门市: communities, grids, teams and events in the demo content


def django_setup(database_url):
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    logging.disable(logging.WARNING)


def prepare_database(fresh):
    """Migrate, and load the demo content into a database that has none (or is out of date)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    stale = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    call_command("migrate", verbosity=0)
    from districts.models import District

    if fresh or stale or not District.objects.filter(code=DISTRICT).exists():
        print("loading the demo content …", flush=True)
        if District.objects.exists():
            call_command("flush", interactive=False, verbosity=0)
        call_command("load_demo", stdout=io.StringIO())
    return District.objects.get(code=DISTRICT)


class Harness:
    def __init__(self, district, time_limit, memory_limit):
        self.district, self.time_limit, self.memory_limit = district, time_limit, memory_limit
        self.outcomes = collections.Counter()
        self.crashes = {}  # signature -> (count, path)
        self.cases = 0
        self.slowest = (0.0, None)
        self.current = None  # (case, started) while a case runs, for the watchdog
        OUT.mkdir(parents=True, exist_ok=True)

    def one(self, case):
        from tests.importers.fuzz.contract import attempt, attempt_reading

        self.current = (case, time.monotonic())
        peak = _peak_mb()
        cpu = time.process_time()
        try:
            if isinstance(case.source, bytes):
                self.outcomes["reading · " + str(attempt_reading(case.source, case.filename, case.dataset))] += 1
            outcome = attempt(case.dataset, case.source, case.filename, self.district, **case.options)
            self.outcomes[f"{case.dataset} · {outcome}"] += 1
        except Exception as error:  # a crash: what the fuzzing is for
            self.crash(case, error)
        finally:
            self.current = None
        self.cases += 1
        seconds = time.process_time() - cpu
        if seconds > self.slowest[0]:
            self.slowest = (seconds, case)
        if (grown := _peak_mb() - peak) > self.memory_limit:
            self.crash(case, MemoryError(f"peak RSS grew by {grown:.0f} MB in one case"))

    def crash(self, case, error):
        frames = traceback.extract_tb(error.__traceback__)
        ours = [f for f in frames if "/importers/" in f.filename] or frames or [None]
        where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours[-1] else "?"
        signature = f"{type(error).__name__} at {where}: {str(error)[:80]}"
        text = "".join(traceback.format_exception(error))
        self.outcomes["crash · " + signature] += 1
        if signature not in self.crashes:
            self.crashes[signature] = save(case, text, "crash")
            print(f"\nCRASH {signature}\n  saved {self.crashes[signature]}", flush=True)

    def watchdog(self):
        """A case still running after --time-limit seconds is a hang: saved, and the run ends (a
        case stuck in native code cannot be interrupted)."""
        while True:
            time.sleep(1)
            current = self.current
            if current and time.monotonic() - current[1] > self.time_limit:
                path = save(current[0], f"still running after {self.time_limit} s", "hang")
                print(f"\nHANG: a case ran for more than {self.time_limit} s\n  saved {path}", flush=True)
                os._exit(3)

    def report(self, started, cpu):
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        rate = self.cases / max(cpu, 1e-9)
        print(f"\ncases run: {self.cases}   wall {wall:.0f} s   cpu {cpu:.0f} s   {rate:.0f} cases/cpu-s")
        print(
            f"peak RSS: {_peak_mb():.0f} MB   slowest case: {self.slowest[0] * 1000:.0f} ms cpu "
            f"({_describe(self.slowest[1])})"
        )
        print(f"distinct outcomes: {len(self.outcomes)}")
        for outcome, count in self.outcomes.most_common():
            print(f"  {count:7d}  {outcome}")
        print(f"crashes: {len(self.crashes)}")
        for signature, path in self.crashes.items():
            print(f"  {signature}\n    {path}")


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _describe(case):
    if case is None:
        return "-"
    size = len(case.source) if isinstance(case.source, bytes) else f"{len(case.source.rows)} rows"
    return f"{case.dataset}, {case.how}, {case.filename or 'table'}, {size}"


def save(case, text, kind):
    """The case as a .pickle for --replay, and a file's bytes as a file `import_data` takes."""
    blob = pickle.dumps(case)
    name = f"{kind}-{hashlib.sha1(blob).hexdigest()[:10]}"
    (OUT / f"{name}.pickle").write_bytes(pickle.dumps({"case": case, "error": text}))
    if isinstance(case.source, bytes):
        suffix = Path(case.filename).suffix or ".bin"
        (OUT / f"{name}{suffix}").write_bytes(case.source)
    return OUT / f"{name}.pickle"


def replay(path, district):
    from tests.importers.fuzz.contract import attempt, attempt_reading

    saved = pickle.loads(Path(path).read_bytes())
    case = saved["case"]
    print(f"{_describe(case)}, options {case.options}\nsaved with:\n{saved['error']}")
    if isinstance(case.source, bytes):
        print("reading:", attempt_reading(case.source, case.filename, case.dataset))
    print("import:", attempt(case.dataset, case.source, case.filename, district, **case.options))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dataset", action="append", help="only these datasets (default: every one)")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided cases from atheris")
    parser.add_argument("--time-limit", type=float, default=60, help="seconds before a case is a hang")
    parser.add_argument("--memory-limit", type=float, default=200, help="MB a case may grow the peak RSS by")
    parser.add_argument("--database-url", default=f"sqlite:///{OUT / 'demo.sqlite3'}")
    parser.add_argument("--fresh", action="store_true", help="load the demo content again")
    parser.add_argument("--replay", help="run a saved crash again")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)

    if args.atheris:
        import atheris

        with atheris.instrument_imports(include=["importers"]):
            django_setup(args.database_url)
            import importers.engine  # noqa: F401  (instrumented with everything it imports)
    else:
        django_setup(args.database_url)
    district = prepare_database(args.fresh)
    if args.replay:
        return replay(args.replay, district)

    from hypothesis import HealthCheck, Phase, given, seed, settings

    from importers.datasets import DATASETS
    from tests.importers.fuzz.strategies import cases

    unknown = set(args.dataset or ()) - set(DATASETS)
    if unknown:
        parser.error(f"unknown dataset(s): {', '.join(sorted(unknown))}; known: {', '.join(DATASETS)}")
    harness = Harness(district, args.time_limit, args.memory_limit)
    threading.Thread(target=harness.watchdog, daemon=True).start()

    @seed(args.seed)
    @settings(
        max_examples=args.cases,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases(district.pk, args.dataset))
    def fuzz(case):
        harness.one(case)
        if harness.cases % 1000 == 0:
            print(
                f"{harness.cases} cases, {len(harness.outcomes)} outcomes, {len(harness.crashes)} crashes", flush=True
            )

    started, cpu = time.perf_counter(), time.process_time()
    try:
        if args.atheris:
            atheris.Setup([sys.argv[0], f"-runs={args.cases}"], fuzz.hypothesis.fuzz_one_input)
            atheris.Fuzz()
        else:
            fuzz()
    except KeyboardInterrupt:
        print("\ninterrupted")
    finally:
        harness.report(started, cpu)
    sys.exit(1 if harness.crashes else 0)


if __name__ == "__main__":
    main()
