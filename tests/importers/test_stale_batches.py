"""An import whose process died (SIGKILL, OOM, power cut) is marked failed, never left "正在导入".

bench/faults.py kills real gunicorn and worker processes mid-import; these tests pin the rules:
a claim by a dead process on this host is stale at once, another host's claim when its heartbeat
is older than IMPORT_STALE_SECONDS, a live or queued (unclaimed) batch is left alone.
"""

import io
import socket
import subprocess
import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from importers import liveness, runner, tasks
from importers.models import ImportBatch
from snippets.models import GridWorker

pytestmark = pytest.mark.django_db

ROSTER = "姓名,手机号码,所属社区,岗位\n王伟,13909712345,文化街社区,专职网格员\n"


def dead_worker():
    """The identity of a process of this host that has exited."""
    process = subprocess.Popen(["true"])
    process.wait()
    return f"{socket.gethostname()}:{process.pid}:1"


def make_batch(district, status=ImportBatch.RUNNING, worker="", heartbeat_at=None):
    batch = ImportBatch(district=district, dataset="grid_workers", original_name="花名册.csv", status=status)
    batch.file.save("花名册.csv", ContentFile(ROSTER.encode()), save=False)
    batch.worker, batch.heartbeat_at = worker, heartbeat_at
    batch.save()
    return batch


@pytest.fixture
def ledu(db):
    from districts.models import District

    return District.objects.get(code="630202")


def test_a_dead_process_on_this_host_fails_its_batch_at_once(ledu):
    batch = make_batch(ledu, worker=dead_worker(), heartbeat_at=timezone.now())
    checking = make_batch(ledu, status=ImportBatch.CHECKING, worker=dead_worker(), heartbeat_at=timezone.now())
    assert sorted(liveness.recover_stale_batches()) == sorted([batch.pk, checking.pk])
    for stale in (batch, checking):
        stale.refresh_from_db()
        assert stale.status == ImportBatch.FAILED
        assert stale.message == liveness.STALE_MESSAGE and stale.finished_at is not None


def test_a_killed_process_not_yet_reaped_is_dead(ledu):
    """SIGKILLed gunicorn workers whose master died too stay zombies until something reaps them;
    signal 0 still reaches a zombie, so its state is what tells."""
    process = subprocess.Popen(["sleep", "60"])
    try:
        worker = f"{socket.gethostname()}:{process.pid}:{liveness._start_ticks(process.pid)}"
        assert liveness.worker_alive(worker) is True
        process.kill()
        for _ in range(100):  # the kill is asynchronous
            if liveness._stat(process.pid)[0] == "Z":
                break
            time.sleep(0.02)
        assert liveness._stat(process.pid)[0] == "Z", "still a zombie: not reaped yet"
        assert liveness.worker_alive(worker) is False
        batch = make_batch(ledu, worker=worker, heartbeat_at=timezone.now())
        assert liveness.recover_stale_batches() == [batch.pk]
    finally:
        process.kill()
        process.wait()


def test_live_queued_and_finished_batches_are_left_alone(ledu):
    live = make_batch(ledu, worker=liveness.current_worker(), heartbeat_at=timezone.now())
    queued = make_batch(ledu, worker="")  # confirmed, waiting for the worker: nobody claimed it yet
    done = make_batch(ledu, status=ImportBatch.DONE, worker=dead_worker())
    assert liveness.recover_stale_batches() == []
    assert [b.status for b in ImportBatch.objects.filter(pk__in=[live.pk, queued.pk, done.pk]).order_by("pk")] == [
        ImportBatch.RUNNING,
        ImportBatch.RUNNING,
        ImportBatch.DONE,
    ]


@override_settings(IMPORT_STALE_SECONDS=120)
def test_another_hosts_claim_is_judged_by_its_heartbeat(ledu):
    now = timezone.now()
    fresh = make_batch(ledu, worker="app-2:4242:99", heartbeat_at=now - timedelta(seconds=30))
    silent = make_batch(ledu, worker="app-2:4243:99", heartbeat_at=now - timedelta(seconds=121))
    # Even a live process of this host is stale once it stops beating (it lost the database mid-import).
    mute = make_batch(ledu, worker=liveness.current_worker(), heartbeat_at=now - timedelta(seconds=121))
    assert sorted(liveness.recover_stale_batches()) == sorted([silent.pk, mute.pk])
    fresh.refresh_from_db()
    assert fresh.status == ImportBatch.RUNNING


def test_the_dead_workers_task_record_is_failed_too(ledu):
    batch = make_batch(ledu, worker=dead_worker(), heartbeat_at=timezone.now())
    other = make_batch(ledu, worker=liveness.current_worker(), heartbeat_at=timezone.now())
    common = {
        "status": TaskResultStatus.RUNNING,
        "task_path": tasks.apply_import.module_path,
        "run_after": timezone.now(),
    }
    mine = DBTaskResult.objects.create(args_kwargs={"args": [batch.pk], "kwargs": {}}, backend_name="imports", **common)
    theirs = DBTaskResult.objects.create(
        args_kwargs={"args": [other.pk], "kwargs": {}}, backend_name="imports", **common
    )
    liveness.recover_stale_batches()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == TaskResultStatus.FAILED and liveness.STALE_MESSAGE in mine.traceback
    assert theirs.status == TaskResultStatus.RUNNING


def test_the_batch_page_and_the_command_recover(ledu, client, make_user):
    batch = make_batch(ledu, worker=dead_worker(), heartbeat_at=timezone.now())
    client.force_login(make_user("630202", "data_admin"))
    html = client.get(reverse("importers:batch", args=(batch.pk,))).content.decode()
    assert "失败" in html and "导入进程意外中止" in html

    other = make_batch(ledu, worker=dead_worker(), heartbeat_at=timezone.now())
    out = io.StringIO()
    call_command("recover_imports", stdout=out)
    assert f"#{other.pk}" in out.getvalue()
    call_command("recover_imports", stdout=out)
    assert "没有中止的导入批次" in out.getvalue()


def test_a_finished_step_releases_its_claim_and_an_error_fails_the_batch(ledu, monkeypatch):
    batch = make_batch(ledu, status=ImportBatch.PENDING)
    runner.check_batch(batch)
    batch.refresh_from_db()
    assert (batch.status, batch.worker) == (ImportBatch.CHECKED, ""), batch.message

    def broken(self, table, **kwargs):
        raise RuntimeError("数据库连接断开")

    monkeypatch.setattr(runner.Importer, "run", broken)
    with pytest.raises(RuntimeError):
        runner.apply_batch(batch)
    batch.refresh_from_db()
    assert (batch.status, batch.worker, batch.message) == (ImportBatch.FAILED, "", liveness.ERROR_MESSAGE)
    assert not GridWorker.objects.filter(district=ledu, mobile="13909712345").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(IMPORT_HEARTBEAT_SECONDS=0.05)
def test_the_heartbeat_beats_while_the_import_runs(ledu, monkeypatch):
    batch = make_batch(ledu, status=ImportBatch.PENDING, heartbeat_at=timezone.now() - timedelta(days=1))
    seen = []
    real_run = runner.Importer.run

    def slow_run(self, table, **kwargs):
        started = ImportBatch.objects.get(pk=batch.pk).heartbeat_at
        time.sleep(0.5)
        seen.append((started, ImportBatch.objects.get(pk=batch.pk).heartbeat_at))
        return real_run(self, table, **kwargs)

    monkeypatch.setattr(runner.Importer, "run", slow_run)
    runner.check_batch(batch)
    ((started, later),) = seen
    assert later > started
    batch.refresh_from_db()
    assert batch.status == ImportBatch.CHECKED
