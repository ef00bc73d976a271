#!/usr/bin/env python
"""Faults on a production-shaped stack: processes killed with SIGKILL mid-work, PostgreSQL restarted
and Redis stopped under load. Afterwards the database must be consistent and the site serving again
with no manual step.

    .venv/bin/python bench/faults.py                      # every scenario, 5-8 minutes on 2 cores
    .venv/bin/python bench/faults.py --only import,redis  # some of them
    .venv/bin/python bench/faults.py --rows 100000 --keep # a larger roster; keep the folder and its logs

Builds the stack of bench/load.py (bench/stack.py: PostgreSQL and Redis on their own loopback ports,
`migrate`, `load_demo`, `collectstatic`, gunicorn gthread, the import worker), then:

import    (1) an import small enough to run in the request (under IMPORT_BACKGROUND_KB): gunicorn is
          killed (SIGKILL, master and workers) while the confirm request's write transaction is open;
          (2) a --rows roster imported in the background: the worker and gunicorn are killed while the
          write transaction is open and has written rows. Each time the script restarts what it killed,
          as a supervisor would (the worker after `recover_imports`, as its unit does), and checks:
          the batch is marked failed, no row was written (count unchanged, no row or change carries the
          batch), no transaction is left open, the site serves, and the same import run again succeeds.
publish   four admin users publish edits of their own pages through gunicorn's admin, a fifth creates
          and publishes new pages, a `manage.py shell` process publishes revisions and new pages in a
          loop; after a dozen publishes gunicorn and the shell are killed. Checks: treebeard's tree
          check (`find_problems`, what `manage.py fixtree` reports, without fixing anything) finds
          nothing, every page has its specific row and no latest revision is missing, every page of
          the run serves with the title it has in the database (no stale cached copy), the site serves
          and publishing works again. New pages the kill caught between Wagtail's add and its first
          publish (live, with no live revision: not one transaction in Wagtail) are counted.
signups   100 residents (each from its own loopback address, 127.0.0.x, so the per-address rate limit
          does not refuse them) sign up for one date of an event with 30 places left, 12 at a time;
          gunicorn is killed after 25 answers and restarted; residents who got no answer try again.
          Checks: confirmed sign-ups = min(capacity, sign-ups), never above capacity (on any event),
          positions 1…n without gaps, every resident signed up exactly once, every "done" answered is
          in the database.
postgres  --connections load on the public pages for 24 s; PostgreSQL restarted (fast: every connection
          dropped) at 8 s. Failures are counted before, during (the restart and 2 s after) and after;
          after must be zero. Whether the import worker survived is reported (django-tasks-db's worker
          exits when a poll meets the database down); an import through the admin must then finish,
          the worker restarted first if it exited, as its unit's Restart=always does.
redis     the same load; Redis stopped at 6 s and started again (empty) at 14 s. Zero failed requests,
          no page served from the cache while Redis is down, pages cached again once it is back.

Prints each check as it runs, then a table of them all with their figures, and the load average;
exits 1 when a check failed.
"""

import argparse
import contextlib
import csv
import http.client
import itertools
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import loadgen
from bench.admin_client import AdminClient
from bench.demo_site import PYTHON, ROOT, setup_django
from bench.load import FILES, build_plan, prepare_import_district
from bench.stack import HOST, Stack, discover_urls

SCENARIOS = ["import", "publish", "signups", "postgres", "redis"]
ADMIN, PASSWORD = "faults-admin", "faults-pass-2026"
PUBLIC_HOST = "localhost"  # the default Site's host name: what the load balancer passes on
INLINE_ROWS = 2400  # about 240 KB of CSV: under IMPORT_BACKGROUND_KB (256), so it runs in the request


@dataclass
class Check:
    scenario: str
    what: str
    ok: bool | None  # None: a figure, not a check
    detail: str = ""


class Report:
    def __init__(self):
        self.checks = []

    def add(self, scenario, what, ok, detail=""):
        check = Check(scenario, what, None if ok is None else bool(ok), str(detail))
        self.checks.append(check)
        mark = {True: "ok", False: "FAIL", None: "·"}[check.ok]
        print(f"  [{mark}] {what}{': ' + check.detail if check.detail else ''}", flush=True)
        return check.ok

    def failed(self):
        return [c for c in self.checks if c.ok is False]

    def print_table(self):
        width = max(len(c.what) for c in self.checks)
        header = f"{'scenario':<9} {'check':<{width}} {'result':<6} figures"
        print(header)
        print("-" * min(len(header) + 60, 160))
        for c in self.checks:
            mark = {True: "ok", False: "FAIL", None: "—"}[c.ok]
            print(f"{c.scenario:<9} {c.what:<{width}} {mark:<6} {c.detail}")


# -- the stack and its processes -------------------------------------------------------------------


def sigkill(process):
    """SIGKILL a process started by Stack and everything in its session (gunicorn's workers too)."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def sql(query, params=()):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def fresh_connections():
    from django.db import connections

    connections.close_all()


def open_write_transactions(min_age=0.0):
    """Other sessions' transactions that have written something and are still open: (pid, age s)."""
    return sql(
        "SELECT pid, EXTRACT(EPOCH FROM now() - xact_start) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL "
        "AND EXTRACT(EPOCH FROM now() - xact_start) >= %s",
        [min_age],
    )


def idle_in_transaction():
    return sql(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%%'"
    )[0][0]


def table_bytes(model):
    return sql("SELECT pg_relation_size(%s)", [model._meta.db_table])[0][0]


def public(stack, path, timeout=30):
    """GET a public page as an anonymous resident: (status, X-Cache, body)."""
    conn = http.client.HTTPConnection(HOST, stack.port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": PUBLIC_HOST, "Accept-Encoding": "identity"})
        response = conn.getresponse()
        return response.status, response.getheader("X-Cache", ""), response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def site_serves(stack, paths=("/", "/xining/", "/zhangye/")):
    statuses = {path: public(stack, path)[0] for path in paths}
    return all(s == 200 for s in statuses.values()), ", ".join(f"{p} {s}" for p, s in statuses.items())


def restart_gunicorn(stack):
    """What a supervisor does when the app server dies: start it again (and wait until it answers)."""
    started = time.monotonic()
    stack.start_gunicorn()
    return time.monotonic() - started


def restart_worker(stack):
    """The worker's unit: `recover_imports` (ExecStartPre), then the worker."""
    started = time.monotonic()
    stack.start_worker()
    return time.monotonic() - started


# -- setup -----------------------------------------------------------------------------------------


def setup(stack):
    """In this process (Django set up on the stack's database): the admin user, the district the
    rosters are imported into, the pages the publish scenario edits."""
    from django.contrib.auth import get_user_model

    from districts.models import DistrictHomePage
    from publishing.models import BrandPage

    get_user_model().objects.create_superuser(ADMIN, "faults@example.invalid", PASSWORD)
    district = prepare_import_district()
    homes = list(DistrictHomePage.objects.order_by("path")[:7])
    pages = []
    for number, home in enumerate(homes[:5]):
        page = BrandPage(title=f"故障测试页{number}", slug=f"faults-{number}", summary="故障测试")
        home.add_child(instance=page)
        page.save_revision().publish()
        pages.append(page.pk)
    fresh_connections()
    return {"district": district, "pages": pages, "homes": [h.pk for h in homes]}


def roster_csv(rows, mobile_prefix=None):
    """bench/volunteers_file.py's roster as CSV; another mobile prefix makes other people."""
    from bench.volunteers_file import HEADERS
    from bench.volunteers_file import rows as people

    FILES.mkdir(parents=True, exist_ok=True)
    path = FILES / f"volunteers-{rows}{'-' + mobile_prefix if mobile_prefix else ''}.csv"
    if not path.exists():
        with open(path, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS)
            for row in people(rows):
                if mobile_prefix:
                    row[1] = mobile_prefix + row[1][len(mobile_prefix) :]
                writer.writerow(row)
    return path


# -- import ----------------------------------------------------------------------------------------


def upload(admin, context, path):
    from django.urls import reverse

    with open(path, "rb") as handle:
        response = admin.post(
            reverse("wagtailsnippets_snippets_volunteer:import"),
            {"district": str(context["district"].pk)},
            files={"file": (path.name, handle)},
        )
    if response.status_code != 302:
        raise RuntimeError(f"upload of {path.name}: HTTP {response.status_code}")
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def batch(pk):
    from importers.models import ImportBatch

    return ImportBatch.objects.get(pk=pk)


def wait_status(pk, statuses, timeout=600):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = batch(pk)
        if current.status in statuses:
            return current
        time.sleep(0.2)
    raise RuntimeError(f"batch #{pk} did not reach {statuses} in {timeout} s (is {batch(pk).status})")


def confirm(admin, pk, wait=True):
    from django.urls import reverse

    response = admin.post(reverse("importers:batch", args=(pk,)), {})
    if wait and response.status_code != 302:
        raise RuntimeError(f"confirming batch #{pk}: HTTP {response.status_code}")
    return response


def wait_for_write(model, before_bytes, min_bytes, min_age, timeout, going=lambda: True):
    """Until the table has grown by min_bytes while a write transaction (open for min_age s) has not
    committed: the import is writing rows. Returns (bytes written, the transaction's age in s), or
    (None, None) when `going()` turns false or the time is up first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and going():
        grown = table_bytes(model) - before_bytes
        if grown >= min_bytes:
            open_ = open_write_transactions(min_age)
            if open_:
                return grown, max(age for _pid, age in open_)
        time.sleep(0.005)
    return None, None


def check_nothing_written(report, scenario, pk, before_count, model):
    from importers.liveness import STALE_MESSAGE
    from importers.models import ImportChange

    fresh_connections()
    after = batch(pk)
    report.add(scenario, "the batch is marked failed", after.status == "failed", f"#{pk}: {after.status}")
    report.add(scenario, "…with the message that nothing was written", after.message == STALE_MESSAGE, after.message)
    count = model.objects.filter(district=after.district).count()
    report.add(scenario, "roster rows unchanged", count == before_count, f"{before_count:,} before, {count:,} after")
    carried = model.objects.filter(import_batch=after).count() + ImportChange.objects.filter(batch=after).count()
    report.add(scenario, "no row or change record carries the batch", carried == 0, f"{carried} rows")
    report.add(scenario, "no transaction left open or idle in transaction", not idle_in_transaction())


def scenario_import(stack, context, admin, report, rows):
    from django.urls import reverse
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from snippets.models import Volunteer

    name = "import"
    district = context["district"]

    # (1) in the request: gunicorn killed during the confirm request's write transaction
    print("import, in the request: gunicorn killed mid-write …", flush=True)
    # A fast machine may finish the write before it is seen: then again, with other people.
    attempts = 0
    for prefix in ("199", "198", "197"):
        attempts += 1
        small = roster_csv(INLINE_ROWS, mobile_prefix=prefix)
        before = Volunteer.objects.filter(district=district).count()
        pk = upload(admin, context, small)  # the preview runs in this request
        checked = batch(pk).status
        size_before = table_bytes(Volunteer)
        confirming = threading.Thread(target=_quiet, args=(confirm, admin, pk, False))
        confirming.start()
        grown, age = wait_for_write(Volunteer, size_before, 8192, 0.0, 60, confirming.is_alive)
        if grown is not None or attempts == 3:
            sigkill(stack.gunicorn)
        confirming.join()
        if grown is not None:
            break
    report.add(
        name,
        f"in the request: a {INLINE_ROWS:,}-row file ({small.stat().st_size // 1024} KB) checked in the upload request",
        checked == "checked",
        f"#{pk} {checked}",
    )
    report.add(
        name,
        "gunicorn SIGKILLed while the confirm request wrote",
        grown is not None,
        f"attempt {attempts}: {grown or 0:,} bytes of uncommitted rows, transaction open {age or 0:.2f} s",
    )
    seconds = restart_gunicorn(stack)
    report.add(name, "gunicorn restarted by the supervisor (the script)", True, f"answering after {seconds:.1f} s")
    page = admin.get(reverse("importers:batch", args=(pk,)))  # the batch page itself notices the dead process
    report.add(
        name,
        "the batch page shows 失败 (no recover_imports run)",
        page.status_code == 200 and "失败" in page.text,
        f"HTTP {page.status_code}",
    )
    check_nothing_written(report, name, pk, before, Volunteer)
    report.add(name, "the site serves", *site_serves(stack))
    pk = upload(admin, context, small)
    confirm(admin, pk)
    again = batch(pk)
    report.add(
        name,
        "the same import run again succeeds",
        again.status == "done" and again.created == INLINE_ROWS,
        f"#{pk} {again.status}, {again.created:,} created",
    )

    # (2) in the background: the worker (and gunicorn) killed during the write transaction
    print(f"import, in the background: a {rows:,}-row roster, the worker killed mid-write …", flush=True)
    large = roster_csv(rows)
    before = Volunteer.objects.filter(district=district).count()
    started = time.monotonic()
    pk = upload(admin, context, large)
    wait_status(pk, {"checked", "failed"})
    checked_after = time.monotonic() - started
    size_before = table_bytes(Volunteer)
    confirm(admin, pk)
    grown, age = wait_for_write(Volunteer, size_before, min(2 << 20, rows * 30), 0.5, 300)
    sigkill(stack.worker)
    sigkill(stack.gunicorn)
    report.add(
        name,
        "worker and gunicorn SIGKILLed while the worker wrote",
        grown is not None,
        f"preview took {checked_after:.0f} s; killed with {(grown or 0) / 1048576:.1f} MB of uncommitted rows, "
        f"transaction open {age or 0:.1f} s",
    )
    fresh_connections()
    report.add(
        name, "before any restart the batch still reads 正在导入", batch(pk).status == "running", batch(pk).status
    )
    worker_seconds = restart_worker(stack)
    gunicorn_seconds = restart_gunicorn(stack)
    report.add(
        name,
        "worker (after recover_imports) and gunicorn restarted",
        True,
        f"worker {worker_seconds:.1f} s, gunicorn answering after {gunicorn_seconds:.1f} s",
    )
    check_nothing_written(report, name, pk, before, Volunteer)
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count()
    report.add(name, "no task left 'running' in the worker's queue", running == 0, f"{running} running")
    report.add(name, "the site serves", *site_serves(stack))
    started = time.monotonic()
    pk = upload(admin, context, large)
    wait_status(pk, {"checked", "failed"})
    confirm(admin, pk)
    again = wait_status(pk, {"done", "failed"})
    count = Volunteer.objects.filter(district=district).count()
    report.add(
        name,
        "the same import run again succeeds",
        again.status == "done" and again.created == rows and count == before + rows,
        f"#{pk} {again.status}, {again.created:,} created in {time.monotonic() - started:.0f} s; {count:,} rows",
    )


def _quiet(function, *args):
    with contextlib.suppress(Exception):  # the request dies with the server: that is the point
        function(*args)


# -- publish ---------------------------------------------------------------------------------------

SHELL_PUBLISHER = """
import itertools
from districts.models import DistrictHomePage
from publishing.models import BrandPage
for n in itertools.count(1):
    page = BrandPage.objects.get(pk={page})
    page.title = f"命令行发布·第{{n}}版"
    page.save_revision().publish()
    home = DistrictHomePage.objects.get(pk={home})
    child = BrandPage(title=f"命令行新建{{n}}", slug=f"faults-shell-{{n}}", summary="故障测试")
    home.add_child(instance=child)
    child.save_revision().publish()
    print(n, flush=True)
"""


class Publisher(threading.Thread):
    """An admin user publishing through gunicorn until it stops answering: edits of one page, or new pages."""

    def __init__(self, admin, stack, page_id=None, home_id=None, number=0):
        super().__init__(daemon=True)
        self.admin, self.stack, self.page_id, self.home_id, self.number = admin, stack, page_id, home_id, number
        self.published, self.stale, self.errors = 0, 0, Counter()

    def run(self):
        from django.db import connection
        from django.urls import reverse

        from publishing.models import BrandPage
        from tests.admin_forms import brand_page_form

        path = BrandPage.objects.get(pk=self.page_id).url_path.removeprefix("/home") if self.page_id else None
        connection.close()
        for n in itertools.count(1):
            if self.page_id:
                url = reverse("wagtailadmin_pages:edit", args=(self.page_id,))
                title, slug = f"故障测试页{self.number}·第{n}版", f"faults-{self.number}"
            else:
                url = reverse("wagtailadmin_pages:add", args=("publishing", "brandpage", self.home_id))
                title, slug = f"后台新建{n}", f"faults-admin-new-{n}"
            try:
                response = self.admin.post(url, brand_page_form(title, slug, publish=True))
            except OSError as error:  # requests' ConnectionError is an OSError: the server is gone
                self.errors[type(error).__name__] += 1
                return
            if response.status_code != 302:
                self.errors[f"http {response.status_code}"] += 1
                continue
            self.published += 1
            if path:  # read it as a resident would, so that the cache holds a copy
                try:
                    for _ in range(2):
                        status, _cache, body = public(self.stack, path)
                        self.stale += status == 200 and title not in body
                except OSError:
                    return


def scenario_publish(stack, context, admin, report):
    from django.db import connection
    from wagtail.models import Page

    name = "publish"
    pages, homes = context["pages"], context["homes"]
    shell = subprocess.Popen(
        [PYTHON, str(ROOT / "manage.py"), "shell", "-c", SHELL_PUBLISHER.format(page=pages[4], home=homes[6])],
        env=stack.env(),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    shell_rounds = []
    reader = threading.Thread(target=lambda: shell_rounds.extend(shell.stdout), daemon=True)
    reader.start()
    print("publish: 5 admin users and a shell publishing; both killed mid-way …", flush=True)
    publishers = [Publisher(admin, stack, page_id=pk, number=i) for i, pk in enumerate(pages[:4])]
    publishers.append(Publisher(admin, stack, home_id=homes[5]))
    deadline = time.monotonic() + 120
    while not shell_rounds and time.monotonic() < deadline:
        time.sleep(0.1)
    for publisher in publishers:
        publisher.start()
    while sum(p.published for p in publishers) < 12 and time.monotonic() < deadline:
        time.sleep(0.05)
    sigkill(stack.gunicorn)
    sigkill(shell)
    for publisher in publishers:
        publisher.join(timeout=60)
    reader.join(timeout=5)
    published = sum(p.published for p in publishers)
    errors = sum((p.errors for p in publishers), Counter())
    report.add(
        name,
        "gunicorn and the shell SIGKILLed mid-publish",
        published >= 12 and shell_rounds,
        f"{published} admin publishes answered, {len(shell_rounds)} shell rounds; cut off: {dict(errors)}",
    )
    report.add(
        name,
        "no stale page read while publishing",
        sum(p.stale for p in publishers) == 0,
        f"{sum(p.stale for p in publishers)} stale reads",
    )
    seconds = restart_gunicorn(stack)
    report.add(name, "gunicorn restarted by the supervisor (the script)", True, f"answering after {seconds:.1f} s")

    fresh_connections()
    problems = Page.find_problems()
    labels = ("bad alphabet", "bad path", "orphans", "bad depth", "bad numchild")
    found = {label: ids for label, ids in zip(labels, problems, strict=True) if ids}
    report.add(name, "page tree: treebeard find_problems (fixtree's check) finds nothing", not found, found or "none")
    missing = 0
    for content_type_id, count in Counter(Page.objects.values_list("content_type_id", flat=True)).items():
        model = Page.objects.filter(content_type_id=content_type_id).first().specific_class
        missing += count - model.objects.count() if model is not Page else 0
    report.add(
        name, "every page has its specific row", missing == 0, f"{Page.objects.count()} pages, {missing} missing"
    )
    # Wagtail adds a new page (live, as the model's default is), saves its revision, then publishes it,
    # each in its own transaction: killed in between, the page is public with no live revision yet.
    never = list(Page.objects.filter(live=True, live_revision__isnull=True, depth__gt=1).values_list("slug", flat=True))
    report.add(
        name,
        "new pages left live before their first publish (Wagtail's create: not one transaction)",
        None,
        f"{len(never)} {never}",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM wagtailcore_page WHERE latest_revision_id IS NOT NULL "
            "AND latest_revision_id NOT IN (SELECT id FROM wagtailcore_revision)"
        )
        dangling = cursor.fetchone()[0]
    report.add(name, "every latest revision exists", dangling == 0, f"{dangling} dangling")

    run_pages = list(Page.objects.filter(slug__startswith="faults-").specific())
    live = [p for p in run_pages if p.live]
    wrong = []
    for page in live:
        status, _cache, body = public(stack, page.url_path.removeprefix("/home"))
        if status != 200 or page.title not in body:
            wrong.append((page.slug, status))
    report.add(
        name,
        "every live page of the run serves its title from the database",
        not wrong,
        f"{len(live)} of {len(run_pages)} live, {len(wrong)} wrong {wrong[:3]}",
    )
    report.add(name, "the site serves", *site_serves(stack))

    from django.urls import reverse

    from tests.admin_forms import brand_page_form

    response = admin.post(
        reverse("wagtailadmin_pages:edit", args=(pages[0],)), brand_page_form("重启后发布", "faults-0", publish=True)
    )
    page = Page.objects.get(pk=pages[0])
    status, cache_state, body = public(stack, page.url_path.removeprefix("/home"))
    report.add(
        name,
        "publishing after the restart shows at once",
        response.status_code == 302 and "重启后发布" in body,
        f"HTTP {response.status_code}, page {status} {cache_state}",
    )


# -- sign-ups --------------------------------------------------------------------------------------


def pick_event(places):
    """A live event taking sign-ups with an open date; its capacity set to leave `places` places."""
    from events.models import EventPage, SignUp
    from events.views import open_occurrences

    for event in EventPage.objects.live().order_by("pk"):
        choices = open_occurrences(event) if event.takes_signups else []
        if choices:
            occurrence = choices[0]
            active = SignUp.objects.filter(event=event, occurrence=occurrence.date).exclude(status=SignUp.CANCELLED)
            confirmed = active.filter(status=SignUp.CONFIRMED).count()
            EventPage.objects.filter(pk=event.pk).update(capacity=confirmed + places)
            return EventPage.objects.get(pk=event.pk), occurrence, active.count()
    raise RuntimeError("no live event with an open date for sign-ups in the demo content")


def sign_up(stack, path, occurrence_key, number, timeout=30):
    """One resident's POST, from its own loopback address: (status, Location) or (error name, None).

    The CSRF cookie and field carry a token the resident made up: Django accepts any well-formed
    secret that the field matches, which is what a browser's first GET of the page would give it."""
    token = secrets.token_hex(16)
    body = urlencode(
        {
            "occurrence": occurrence_key,
            "name": f"居民{number}",
            "mobile": f"1370000{number:04d}",
            "consent": "on",
            "website": "",
            "csrfmiddlewaretoken": token,
        }
    )
    source = f"127.0.{number // 250}.{2 + number % 250}"
    conn = http.client.HTTPConnection(HOST, stack.port, timeout=timeout, source_address=(source, 0))
    try:
        conn.request(
            "POST",
            path,
            body,
            {"Host": PUBLIC_HOST, "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={token}"},
        )
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    except OSError as error:
        return type(error).__name__, None
    finally:
        conn.close()


def scenario_signups(stack, report, residents=100, places=30, concurrency=12, kill_after=25):
    from events.models import EventPage, SignUp

    name = "signups"
    event, occurrence, existing = pick_event(places)
    path = event.url_path.removeprefix("/home") + "signup/"
    fresh_connections()
    print(
        f"signups: {residents} residents, {places} places left on {event.title} {occurrence.date}, "
        "gunicorn killed mid-way …",
        flush=True,
    )
    answers, lock = {}, threading.Lock()
    todo = list(range(residents))

    def resident_loop():
        while True:
            with lock:
                if not todo:
                    return
                number = todo.pop(0)
            answers[number] = sign_up(stack, path, occurrence.key, number)

    def run(count):
        threads = [threading.Thread(target=resident_loop) for _ in range(count)]
        for thread in threads:
            thread.start()
        return threads

    threads = run(concurrency)
    while sum(isinstance(a[0], int) for a in answers.values()) < kill_after:
        time.sleep(0.01)
    sigkill(stack.gunicorn)
    for thread in threads:
        thread.join()
    unanswered = [n for n, (status, _loc) in answers.items() if not isinstance(status, int)]
    answered_before = residents - len(unanswered)
    seconds = restart_gunicorn(stack)
    report.add(
        name,
        "gunicorn SIGKILLed mid-way and restarted",
        unanswered,
        f"{answered_before} answered before the kill, {len(unanswered)} cut off or refused; "
        f"answering again after {seconds:.1f} s",
    )
    first_try = {n: answers[n] for n in unanswered}
    todo.extend(unanswered)  # they try again, as a resident with no answer does
    for thread in run(concurrency):
        thread.join()
    statuses = Counter(status for status, _loc in answers.values())
    lost_answers = sum(
        1 for n in unanswered if answers[n][0] == 400
    )  # "already signed up": the first try had committed
    report.add(
        name,
        "answers",
        None,
        f"{dict(statuses)}; {lost_answers} retries found their first try committed, "
        f"{len(first_try) - lost_answers} did not",
    )

    fresh_connections()
    event = EventPage.objects.get(pk=event.pk)
    rows = SignUp.objects.filter(event=event, occurrence=occurrence.date).exclude(status=SignUp.CANCELLED)
    confirmed = rows.filter(status=SignUp.CONFIRMED).count()
    total = rows.count()
    report.add(
        name,
        "confirmed = min(capacity, sign-ups)",
        confirmed == min(event.capacity, total),
        f"capacity {event.capacity}, {confirmed} confirmed, {total - confirmed} waitlisted",
    )
    report.add(name, "never above capacity", confirmed <= event.capacity)
    over = [
        (e.pk, day, n)
        for e in EventPage.objects.filter(capacity__isnull=False)
        for day, n in Counter(
            SignUp.objects.filter(event=e, status=SignUp.CONFIRMED).values_list("occurrence", flat=True)
        ).items()
        if n > e.capacity
    ]
    report.add(name, "no date of any event above its capacity", not over, over or "none")
    positions = sorted(
        SignUp.objects.filter(event=event, occurrence=occurrence.date).values_list("position", flat=True)
    )
    report.add(
        name,
        "positions 1…n without gap or repeat",
        positions == list(range(1, len(positions) + 1)),
        f"1…{len(positions)}",
    )
    mobiles = Counter(rows.filter(mobile__startswith="1370000").values_list("mobile", flat=True))
    report.add(
        name,
        "every resident signed up exactly once",
        len(mobiles) == residents and set(mobiles.values()) == {1},
        f"{len(mobiles)} residents, {total - existing} new rows",
    )
    tokens = [loc.rstrip("/").split("/")[-1] for status, loc in answers.values() if status == 302 and loc]
    found = SignUp.objects.filter(token__in=tokens).count()
    report.add(name, 'every "done" answered is in the database', found == len(tokens), f"{found} of {len(tokens)}")
    report.add(name, "the site serves", *site_serves(stack))


# -- PostgreSQL and Redis under load ------------------------------------------------------------------


def timed_load(stack, plan, connections, duration, events):
    """Load for `duration` s in a thread, calling each (second, function) of `events` on time.
    Returns (results, {name: (start, end) seconds since the load began})."""
    result = {}
    thread = threading.Thread(
        target=lambda: result.setdefault(
            "results", loadgen.run(stack.port, plan, connections=connections, duration=duration, timeout=30)
        )
    )
    started = time.monotonic()
    thread.start()
    times = {}
    for at, label, function in events:
        time.sleep(max(0.0, at - (time.monotonic() - started)))
        begin = time.monotonic() - started
        function()
        times[label] = (begin, time.monotonic() - started)
    thread.join()
    return result["results"], times


def split(results, start, end):
    before = sum(1 for t in results.failure_times if t < start)
    during = sum(1 for t in results.failure_times if start <= t < end)
    after = sum(1 for t in results.failure_times if t >= end)
    requests_after = sum(n for second, n in results.windows.items() if second >= end)
    return before, during, after, requests_after


def scenario_postgres(stack, context, admin, plan, report, connections):
    name = "postgres"
    print(f"postgres: {connections} connections for 24 s, PostgreSQL restarted at 8 s …", flush=True)
    results, times = timed_load(stack, plan, connections, 24, [(8, "restart", stack.restart_postgres)])
    start, end = times["restart"]
    before, during, after, requests_after = split(results, start, end + 2)
    kinds = Counter()
    for (_kind, what), n in results.failures.items():
        kinds[what] += n
    report.add(
        name,
        "PostgreSQL restarted under load",
        True,
        f"down for {end - start:.1f} s (at {start:.1f}-{end:.1f} s); "
        f"{results.requests} requests, {results.requests / results.elapsed:.0f} req/s",
    )
    report.add(
        name,
        "failed requests before / during (restart + 2 s) / after",
        after == 0 and before == 0,
        f"{before} / {during} / {after}; kinds {dict(kinds) or 'none'}",
    )
    report.add(
        name,
        "requests served after the restart",
        requests_after > 0,
        f"{requests_after} in the last {results.elapsed - end - 2:.0f} s",
    )
    fresh_connections()
    report.add(name, "the site serves", *site_serves(stack))
    alive = stack.worker.poll() is None
    report.add(
        name,
        "the import worker survived the restart",
        None if not alive else True,
        "yes" if alive else f"no: it exited ({stack.worker.returncode}); restarted, as a unit's Restart=always does",
    )
    if not alive:
        restart_worker(stack)
    pk = upload(admin, context, roster_csv(3000, mobile_prefix="188"))
    wait_status(pk, {"checked", "failed"}, timeout=120)
    confirm(admin, pk)
    done = wait_status(pk, {"done", "failed"}, timeout=120)
    report.add(
        name,
        "an import through the admin finishes afterwards",
        done.status == "done",
        f"#{pk} {done.status}, {done.created:,} created",
    )


def scenario_redis(stack, plan, report, connections):
    name = "redis"
    probe_path = "/zhangye/"
    samples, stop = [], threading.Event()

    def probe():
        started = time.monotonic()
        while not stop.is_set():
            try:
                status, cache_state, _body = public(stack, probe_path)
            except OSError as error:
                status, cache_state = type(error).__name__, ""
            samples.append((time.monotonic() - started, status, cache_state))
            time.sleep(0.2)

    print(f"redis: {connections} connections for 24 s, Redis stopped at 6 s and started at 14 s …", flush=True)
    prober = threading.Thread(target=probe, daemon=True)
    prober.start()
    results, times = timed_load(
        stack, plan, connections, 24, [(6, "stop", stack.stop_redis), (14, "start", stack.start_redis)]
    )
    stop.set()
    prober.join()
    stopped, started = times["stop"][1], times["start"][1]
    kinds = Counter()
    for (_kind, what), n in results.failures.items():
        kinds[what] += n
    report.add(
        name,
        "zero failed requests with Redis stopped for 8 s",
        results.failed == 0,
        f"{results.requests} requests, {results.failed} failed {dict(kinds) or ''}",
    )
    up = [c for t, s, c in samples if t < stopped]
    down = [c for t, s, c in samples if stopped + 0.5 <= t < times["start"][0]]
    back = [(t, c) for t, s, c in samples if t >= started]
    first_hit = next((t - started for t, c in back if c == "HIT"), None)
    report.add(name, f"{probe_path} from the cache before the stop", "HIT" in up, dict(Counter(up)))
    report.add(
        name,
        f"{probe_path} served uncached while Redis is down",
        down and "HIT" not in down and set(down) <= {"MISS"},
        dict(Counter(down)),
    )
    report.add(
        name,
        f"{probe_path} cached again once Redis is back",
        first_hit is not None,
        f"first HIT {first_hit:.1f} s after the start" if first_hit is not None else "no HIT",
    )
    per_second = [results.windows[s] for s in range(int(results.elapsed))]
    report.add(
        name,
        "req/s while up / while down",
        None,
        f"{_mean(per_second[: int(stopped)]):.0f} / {_mean(per_second[int(stopped) + 1 : int(times['start'][0])]):.0f}",
    )


def _mean(values):
    return sum(values) / len(values) if values else float("nan")


# -- main ------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(SCENARIOS), help=f"comma-separated, of {','.join(SCENARIOS)}")
    parser.add_argument("--rows", type=int, default=60_000, help="rows of the background import (default 60000)")
    parser.add_argument("--connections", type=int, default=8, help="load connections for postgres and redis")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    args = parser.parse_args()
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(chosen) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")

    begun, load_before = time.monotonic(), os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="governance-faults-"))
    stack = Stack(workdir, workers=args.workers, threads=args.threads)
    report = Report()
    print(f"Preparing in {workdir}: PostgreSQL on {stack.pg_port}, Redis on {stack.redis_port}", flush=True)
    try:
        stack.start_postgres()
        stack.start_redis()
        stack.prepare()
        setup_django(stack.env())
        context = setup(stack)
        urls = discover_urls(per_kind=3)
        stack.hosts |= {host.split(":")[0] for pairs in urls.values() for host, _ in pairs}
        fresh_connections()
        stack.start_gunicorn()
        stack.start_worker()
        plan, _left_out = build_plan(stack, urls)
        admin = AdminClient(stack.base, PUBLIC_HOST).login(ADMIN, PASSWORD)
        print(f"Ready after {time.monotonic() - begun:.0f} s; serving on {stack.base}\n", flush=True)
        for scenario in chosen:
            started = time.monotonic()
            try:
                if scenario == "import":
                    scenario_import(stack, context, admin, report, args.rows)
                elif scenario == "publish":
                    scenario_publish(stack, context, admin, report)
                elif scenario == "signups":
                    scenario_signups(stack, report)
                elif scenario == "postgres":
                    scenario_postgres(stack, context, admin, plan, report, args.connections)
                elif scenario == "redis":
                    scenario_redis(stack, plan, report, args.connections)
            except Exception as error:  # a scenario that could not finish is a failed check
                report.add(scenario, "the scenario ran to its end", False, repr(error))
                for process in (stack.gunicorn, stack.worker):
                    if process is not None and process.poll() is not None:
                        (restart_gunicorn if process is stack.gunicorn else restart_worker)(stack)
            report.add(scenario, "time", None, f"{time.monotonic() - started:.0f} s")
            print(flush=True)
    finally:
        stack.close()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"gunicorn gthread {stack.workers} workers × {stack.threads} threads, PostgreSQL + Redis, DEBUG off, "
        f"{os.cpu_count()} CPUs shared with other work; load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after; {time.monotonic() - begun:.0f} s in all"
    )
    print()
    report.print_table()
    failed = report.failed()
    print(
        f"\n{len(failed)} of {sum(c.ok is not None for c in report.checks)} checks failed"
        if failed
        else "\nevery check passed"
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
