"""Two app servers behind one load balancer, as README.md "Production › Several servers" sets them up.

Two gunicorn instances on their own loopback ports share one PostgreSQL database (a database of its
own on the server DATABASE_URL names, dropped afterwards), one Redis (the page cache) and one folder
for MEDIA_ROOT and IMPORT_ROOT (a shared volume); the import worker runs beside them. One admin
session, logged in through server A, is used on both: sessions live in the database.

- A page published through A's admin is served by B at once, never B's cached copy; an image
  uploaded through A is rendered and served by B.
- An import uploaded through A shows its progress on B, is confirmed through B and finishes on A.

Cheap on purpose: `migrate`, one district with its places (not the whole demo), one gunicorn worker
per server. Every process is stopped and the database dropped whatever happens.
"""

import io
import os
import re
import shutil
import subprocess
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.urls import reverse
from PIL import Image

from bench.admin_client import AdminClient
from bench.demo_site import ROOT, manage
from bench.stack import Stack, free_port
from tests.admin_forms import brand_page_form

pytestmark = pytest.mark.postgres

PASSWORD = "two-servers-pass-2026"
HOST = "localhost"  # the public host name, which the load balancer passes on to either server
DISTRICT = "620700"  # 张掖市: bench/volunteers_file.py's communities are made for it
ROWS = 20_000  # 1.7 MB of CSV: over IMPORT_BACKGROUND_KB, so the worker imports it, for a few seconds
STATUS = re.compile(r"<dt>状态</dt><dd><strong>([^<]+)</strong>")
PROGRESS = re.compile(r"已处理 (\d+) / (\d+) 行")

SETUP = f"""
from django.contrib.auth import get_user_model
from bench.load import prepare_import_district
from districts import demo, demo_data
portal = demo._portal(print)
spec = next(s for s in demo_data.DISTRICTS if s["code"] == "{DISTRICT}")
district = demo._district(spec, print)
demo._home_page(portal, district, spec, print)
prepare_import_district()
get_user_model().objects.create_superuser("ops", "ops@example.invalid", "{PASSWORD}")
"""


class Server(Stack):
    """One app server of the pair: the shared database and cache, its own port and log files."""

    def __init__(self, workdir, name, database_url, cache_url):
        super().__init__(workdir, workers=1, threads=4)
        self.name = name
        self.database_url, self.cache_url = database_url, cache_url

    def _spawn(self, command, log_name):
        return super()._spawn(command, f"{self.name}-{log_name}")


@contextmanager
def database_of_its_own():
    """A fresh database on the PostgreSQL server DATABASE_URL points to; dropped on the way out."""
    url = urlsplit(os.environ["DATABASE_URL"])
    name = f"two_servers_{os.getpid()}"
    admin_url = urlunsplit(url._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(url._replace(path=f"/{name}")), urlunsplit(url._replace(scheme="postgresql", path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def shared_redis():
    """scripts/redis.sh on a free port (it installs Debian's redis-server when missing and it can)."""
    port = free_port()
    env = {**os.environ, "REDIS_PORT": str(port)}
    script = [str(ROOT / "scripts" / "redis.sh")]
    started = subprocess.run(["bash", *script, "start"], env=env, capture_output=True, text=True, timeout=600)
    if started.returncode:
        pytest.skip(f"no Redis server: {started.stderr.strip()[-300:]}")
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        subprocess.run(["bash", *script, "stop"], env=env, capture_output=True, timeout=60)


@pytest.fixture
def servers(monkeypatch):
    """(A, B, the worker's starter, a psycopg URL of the shared database)."""
    monkeypatch.setenv("SERVE_MEDIA", "1")  # no nginx here: /media/ from Django, on either server
    workdir = Path(tempfile.mkdtemp(prefix="governance-two-servers-"))
    with ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, workdir, ignore_errors=True)
        database_url, sql_url = cleanup.enter_context(database_of_its_own())
        cache_url = cleanup.enter_context(shared_redis())
        a = Server(workdir, "a", database_url, cache_url)
        b = Server(workdir, "b", database_url, cache_url)
        cleanup.callback(b.close)  # gunicorn and worker only: the shared services are ours
        cleanup.callback(a.close)
        cleanup.callback(show_logs, workdir)  # pytest prints them when the test failed
        env = a.env()
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "shell", "-c", SETUP)
        manage(env, "collectstatic", "--noinput", "-v0")
        a.start_gunicorn()
        b.start_gunicorn()
        yield a, b, b.start_worker, sql_url


def show_logs(workdir):
    for log in sorted(workdir.glob("*.log")):
        text = log.read_text(errors="replace").strip()
        if text:
            print(f"--- {log.name} ---\n{text[-4000:]}")


def served(client, path, expect=200):
    response = client.get(path)
    assert response.status_code == expect, (client.base, path, response.status_code, response.text[:500])
    return response


def png():
    data = io.BytesIO()
    Image.new("RGB", (320, 320), (200, 30, 30)).save(data, "PNG")
    return data.getvalue()


def roster(rows):
    from bench.volunteers_file import HEADERS
    from bench.volunteers_file import rows as people

    lines = [",".join(HEADERS)] + [",".join(row) for row in people(rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def batch_state(client, url):
    html = served(client, url).text
    status = STATUS.search(html).group(1)
    progress = PROGRESS.search(html)
    return status, (f"{progress.group(1)}/{progress.group(2)}" if progress else "")


def wait_for(client, url, statuses, seen, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = batch_state(client, url)
        if not seen or seen[-1] != state:
            seen.append(state)
        if state[0] in statuses:
            return state[0]
        time.sleep(0.2)
    raise AssertionError(f"{url} never reached {statuses} on {client.base}: {seen}")


def test_a_change_published_on_one_server_is_served_by_the_other_at_once(servers):
    a, b, start_worker, sql_url = servers
    admin_a = AdminClient(a.base, HOST).login("ops", PASSWORD)
    admin_b = admin_a.at(b.base)  # the same session: the load balancer may send it anywhere
    public_a, public_b = AdminClient(a.base, HOST), AdminClient(b.base, HOST)  # anonymous residents
    with psycopg.connect(sql_url) as conn:
        (home_id,) = conn.execute("SELECT page_ptr_id FROM districts_districthomepage").fetchone()
        (district_id,) = conn.execute("SELECT id FROM districts_district WHERE code = %s", [DISTRICT]).fetchone()

    # -- a page published through A, read through B ------------------------------------------
    add = reverse("wagtailadmin_pages:add", args=("publishing", "brandpage", home_id))
    response = admin_a.post(add, brand_page_form("两台服务器", "two-servers", publish=True))
    assert response.status_code == 302, response.text[:2000]
    path = "/zhangye/two-servers/"
    assert "两台服务器" in served(public_b, path).text
    assert served(public_b, path).headers["X-Cache"] == "HIT"  # B keeps it in the shared Redis
    assert served(public_a, path).headers["X-Cache"] == "HIT"  # …which A finds too

    # -- an image uploaded through A, the page edited through A, both served by B ----------------
    response = admin_a.post(
        reverse("wagtailimages:add"),
        {"title": "两台服务器标识", "collection": "1"},
        files={"file": ("mark.png", png())},
    )
    assert response.status_code == 302, response.text[:2000]
    with psycopg.connect(sql_url) as conn:
        (image_id,) = conn.execute("SELECT id FROM wagtailimages_image WHERE title = '两台服务器标识'").fetchone()
        (page_id,) = conn.execute("SELECT id FROM wagtailcore_page WHERE slug = 'two-servers'").fetchone()
    form = brand_page_form("两台服务器（改）", "two-servers", publish=True) | {"emblem": str(image_id)}
    response = admin_a.post(reverse("wagtailadmin_pages:edit", args=(page_id,)), form)
    assert response.status_code == 302, response.text[:2000]
    page = served(public_b, path)  # at once: no waiting, no retry
    assert page.headers["X-Cache"] == "MISS", "B served its stale cached copy"
    assert "两台服务器（改）" in page.text
    emblem = re.search(r'<img[^>]+class="hero__emblem"[^>]*>', page.text).group(0)
    src = re.search(r'src="([^"]+)"', emblem).group(1)
    rendition = served(public_b, src)  # B made the rendition from the file A stored
    assert rendition.headers["Content-Type"].startswith("image/")
    assert served(public_a, src).content == rendition.content  # one media folder

    # -- an import uploaded through A, followed and confirmed through B ---------------------------
    upload = reverse("wagtailsnippets_snippets_volunteer:import")
    response = admin_a.post(upload, {"district": str(district_id)}, files={"file": ("志愿者.csv", roster(ROWS))})
    assert response.status_code == 302, response.text[:2000]
    batch_url = response.headers["Location"]
    seen = [batch_state(admin_b, batch_url)]
    assert seen[0][0] == "等待检查"  # B sees the batch A made; no worker runs yet
    start_worker()  # on B's machine; the file A received is read from the shared IMPORT_ROOT
    assert wait_for(admin_b, batch_url, {"待确认", "失败"}, seen) == "待确认", seen
    assert "正在检查" in [status for status, _progress in seen], seen  # B followed the worker's progress
    assert f"<td>{ROWS}</td>" in served(admin_b, batch_url).text  # the preview: ROWS rows to create
    response = admin_b.post(batch_url, {})
    assert response.status_code == 302
    assert wait_for(admin_a, batch_url, {"已导入", "失败"}, seen) == "已导入", seen
    with psycopg.connect(sql_url) as conn:
        (count,) = conn.execute(
            "SELECT count(*) FROM snippets_volunteer WHERE district_id = %s", [district_id]
        ).fetchone()
    assert count == ROWS
    print("import states seen through the two servers:", seen)
