"""A production-shaped copy of the site on loopback for the load and fault benchmarks.

PostgreSQL (scripts/postgres.sh) and Redis (scripts/redis.sh) on their own free ports, the demo
content migrated and loaded into them, gunicorn serving it and the import worker
(`db_worker --backend imports`) beside it, all stopped and removed by `close()`. Every process
is started in its own session so that it, and only it, can be signalled (SIGKILL included).

Gunicorn runs gthread workers: 3 processes × 4 threads on this 2-core machine. Three processes
keep both cores busy while a third waits on PostgreSQL or Redis; four threads each overlap those
waits without the memory of more processes, and gthread keeps connections alive (a sync worker
closes each after one request, so 64 clients would spend their time in TCP handshakes).
"""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from bench.demo_site import PYTHON, ROOT, bench_env, manage

HOST = "127.0.0.1"
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
WORKERS, THREADS = 3, 4


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """CPU time of a process, its reaped children and its live descendants (Linux /proc), in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(stat.parent.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        if current in stats:
            total += stats[current][1]
        todo.extend(child for child, (parent, _) in stats.items() if parent == current)
    return total / ticks


class Stack:
    def __init__(self, workdir, log=print, workers=WORKERS, threads=THREADS):
        self.workdir = Path(workdir)
        self.log = log
        self.workers, self.threads = workers, threads
        self.pg_port, self.redis_port, self.port = free_port(), free_port(), free_port()
        self.database_url = f"postgres://postgres@{HOST}:{self.pg_port}/governance"
        self.cache_url = f"redis://{HOST}:{self.redis_port}/0"
        self.base = f"http://{HOST}:{self.port}"
        self.gunicorn = self.worker = None
        self.hosts = {"127.0.0.1", "localhost", "testserver"}
        self.started = []

    # -- the servers --------------------------------------------------------------------------

    def _script(self, name, action, check=True):
        env = {**os.environ, "PG_PORT": str(self.pg_port), "REDIS_PORT": str(self.redis_port)}
        return subprocess.run(
            ["bash", str(ROOT / "scripts" / name), action], env=env, check=check, capture_output=True, text=True
        )

    def start_postgres(self):
        self._script("postgres.sh", "start")
        self.started.append("postgres")

    def restart_postgres(self):
        """A fast restart (every connection dropped, the data kept), as after a crash or an upgrade."""
        self._script("postgres.sh", "restart")

    def postgres_pid(self):
        return int(Path(f"/tmp/governance-pg-{self.pg_port}/data/postmaster.pid").read_text().split()[0])

    def start_redis(self):
        self._script("redis.sh", "start")
        self.started.append("redis")

    def stop_redis(self):
        self._script("redis.sh", "stop")

    def redis_pid(self):
        path = Path(f"/tmp/governance-redis-{self.redis_port}/redis.pid")
        return int(path.read_text()) if path.exists() else None

    def env(self, **extra):
        return bench_env(
            self.workdir,
            DATABASE_URL=self.database_url,
            CACHE_URL=self.cache_url,
            IMPORTS_IN_BACKGROUND="1",
            IMPORT_ROOT=str(self.workdir / "imports"),
            ALLOWED_HOSTS=",".join(sorted(self.hosts)),
            **extra,
        )

    def prepare(self):
        env = self.env()
        self.log("  migrate …")
        manage(env, "migrate", "--noinput", "-v0")
        self.log("  load_demo …")
        manage(env, "load_demo")
        self.log("  collectstatic …")
        manage(env, "collectstatic", "--noinput", "-v0")

    def _spawn(self, command, log_name):
        log = open(self.workdir / log_name, "ab")  # noqa: SIM115 (the process keeps it)
        return subprocess.Popen(command, env=self.env(), cwd=ROOT, stdout=log, stderr=log, start_new_session=True)

    def start_gunicorn(self):
        """The app server; the master restarts a worker that dies (SIGKILL included) by itself."""
        self.gunicorn = self._spawn(
            [
                GUNICORN,
                "config.wsgi:application",
                "--worker-class",
                "gthread",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--bind",
                f"{HOST}:{self.port}",
                "--timeout",
                "60",
                "--graceful-timeout",
                "10",
                "--keep-alive",
                "5",
                "--log-level",
                "warning",
            ],
            "gunicorn.log",
        )
        self.wait_until_up()
        return self.gunicorn

    def start_worker(self):
        """The import worker, as its systemd unit runs it (after `recover_imports`)."""
        manage(self.env(), "recover_imports")
        command = [PYTHON, str(ROOT / "manage.py"), "db_worker", "--backend", "imports", "--queue-name", "imports"]
        self.worker = self._spawn([*command, "--interval", "0.5", "--no-startup-delay"], "worker.log")
        return self.worker

    def gunicorn_workers(self):
        """The pids of the gunicorn master's worker processes."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == self.gunicorn.pid:
                    pids.append(int(stat.parent.name))
            except (OSError, ValueError):
                continue
        return pids

    def wait_until_up(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/bench/floor/", timeout=2) as response:
                    if response.status == 200:
                        return time.monotonic()
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"gunicorn did not answer on {self.base} within {timeout} s")

    @staticmethod
    def stop(process, timeout=20):
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass

    def close(self):
        self.stop(self.gunicorn)
        self.stop(self.worker)
        if "redis" in self.started:
            self._script("redis.sh", "stop", check=False)
        if "postgres" in self.started:
            self._script("postgres.sh", "stop", check=False)

    def cpu(self):
        """CPU seconds so far: the app server, the import worker, PostgreSQL, Redis."""
        figures = {}
        for name, pid in (
            ("gunicorn", self.gunicorn and self.gunicorn.pid),
            ("worker", self.worker and self.worker.pid),
            ("postgres", self._safe(self.postgres_pid)),
            ("redis", self._safe(self.redis_pid)),
        ):
            figures[name] = cpu_seconds(pid) if pid else 0.0
        return figures

    @staticmethod
    def _safe(getter):
        try:
            return getter()
        except (OSError, ValueError, IndexError):
            return None


# -- what to load ---------------------------------------------------------------------------

# The resident workload, by page model (or route); every other public page type joins
# as its own kind, so page types that land later are loaded too.
KINDS = {
    "districthomepage": "district home",
    "eventindexpage": "events",
    "eventpage": "events",
    "demanddashboardpage": "dashboard",
}
SEARCH_WORDS = ["网格", "养老", "志愿服务", "党群服务中心", "社保", "wgy"]


def kind_of(model, route=None):
    if route == "nearby":
        return "near-me"
    if route:
        return f"{KINDS.get(model, model)} · {route}"
    if "catalogue" in model:
        return "catalogue"
    if "guide" in model:
        return "guide"
    return KINDS.get(model, model)


def discover_urls(per_kind=12):
    """{kind: [(host, path)]} from the page tree: every live public page type, its routes without
    arguments, a near-me query for each community, and district searches. Needs Django set up."""
    from urllib.parse import quote

    from wagtail.contrib.routable_page.models import RoutablePageMixin
    from wagtail.models import Page

    urls = {}

    def add(kind, root_url, path):
        host = urlsplit(root_url).netloc or HOST
        urls.setdefault(kind, []).append((host, quote(path, safe="/?=&%:+")))

    pages = Page.objects.live().public().filter(depth__gt=1).specific().order_by("path")
    seen = {}
    for page in pages:
        model = page._meta.model_name
        if seen.get(model, 0) >= per_kind:
            continue
        parts = page.get_url_parts()
        if parts is None:
            continue
        _site, root_url, path = parts
        seen[model] = seen.get(model, 0) + 1
        add(kind_of(model), root_url, path)
        if model == "districthomepage":
            for word in SEARCH_WORDS:
                add("search", root_url, f"{path}search/?q={word}")
        if isinstance(page, RoutablePageMixin):
            for pattern in type(page).get_subpage_urls():
                route = str(pattern.pattern)
                if pattern.name and route and "<" not in route and "(" not in route:
                    add(kind_of(model, pattern.name), root_url, path + route)
                    if pattern.name == "nearby":
                        for community in _communities(page):
                            add("near-me", root_url, f"{path}{route}?community={community}")
    for kind in urls:
        if kind != "search":
            urls[kind] = urls[kind][: per_kind * 4]
    return urls


def _communities(page):
    from snippets.models import Community

    district = getattr(page, "district", None)
    return list(Community.objects.filter(district=district).values_list("pk", flat=True)[:6]) if district else []
