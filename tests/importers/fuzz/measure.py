"""Reading one giant or hostile input in a process of its own, and what it cost.

    python -m tests.importers.fuzz.measure FILE

prints one JSON object: the outcome ("refused" with the message, or "read" with the row count),
the CPU seconds the reading took, and how far it raised the process' peak RSS above what it was
once the file was read into memory (the file is made by another process: building it here would
raise the peak before the measure starts). The RSS counts what calamine (Rust) allocates too, which tracemalloc
cannot see. Used by test_giant_inputs.py and bench/fuzz_importers.py --giants.
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(path):
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    from importers.commands import read_upload
    from importers.errors import TableError

    data = Path(path).read_bytes()
    before, cpu = max(rss_mb(), peak_mb()), time.process_time()
    try:
        table = read_upload(data, Path(path).name, command=True)
        outcome = {"outcome": "read", "rows": sum(1 for _ in table.numbered())}
    except TableError as error:
        outcome = {"outcome": "refused", "message": str(error)}
    outcome |= {
        "cpu_s": round(time.process_time() - cpu, 2),
        "size_mb": round(len(data) / 1048576, 2),
        "grown_mb": round(max(0.0, peak_mb() - before), 1),
    }
    print(json.dumps(outcome, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
