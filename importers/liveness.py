"""Which process is working on an import batch, whether it is still alive, and failing the batches
of processes that died (killed by the OOM killer, SIGKILL, a power cut) instead of leaving them
"正在导入" forever.

A process claims a batch by writing its identity (host, pid and the pid's start time, so a reused
pid is not mistaken for the dead process) and then refreshes `heartbeat_at` from a thread while it
works. A batch is stale when its process is known dead — same host, and that pid with that start
time no longer runs — or, for another host's process, when its heartbeat is older than
IMPORT_STALE_SECONDS. The write phase is one transaction (importers.engine), so a dead process
wrote nothing: failing its batch is all the recovery there is.
"""

import contextlib
import os
import socket
import threading
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from .models import ImportBatch

STALE_MESSAGE = "导入进程意外中止（服务器重启或进程被终止），没有写入任何数据。请重新上传文件导入。"
ERROR_MESSAGE = "导入时发生内部错误，没有写入任何数据。请稍后重新导入；如果一再出现，请联系技术人员。"
IN_PROGRESS = (ImportBatch.CHECKING, ImportBatch.RUNNING)


def stale_seconds():
    # Long enough for the longest write phase on SQLite, whose write lock holds the heartbeat back.
    return getattr(settings, "IMPORT_STALE_SECONDS", 300)


def _stat(pid):
    """The fields of /proc/PID/stat after the command name (Linux), or None where /proc is missing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields if len(fields) > 19 else None


def _start_ticks(pid):
    """The process's start time in clock ticks since boot, or '' where /proc is missing."""
    fields = _stat(pid)
    return fields[19] if fields else ""


def current_worker():
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_ticks(pid)}"


def worker_alive(worker):
    """True/False for a process on this host; None when it runs elsewhere (only the heartbeat tells)."""
    host, pid, ticks = ([*worker.rsplit(":", 2), "", ""])[:3]
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    fields = _stat(pid)
    if fields is None:
        return True  # no /proc to ask: the signal said it exists
    if fields[0] in ("Z", "X"):
        return False  # killed, not yet reaped: a worker whose gunicorn master died with it stays so
    return not ticks or fields[19] == ticks


def is_stale(batch, now=None):
    """A claimed batch whose process is dead, or has not beaten for IMPORT_STALE_SECONDS (another host's
    process, or one that lost its database connection mid-import and could not record the failure)."""
    if batch.status not in IN_PROGRESS or not batch.worker:
        return False  # finished, or queued and not claimed yet
    if worker_alive(batch.worker) is False:
        return True
    now = now or timezone.now()
    return batch.heartbeat_at is None or batch.heartbeat_at < now - timedelta(seconds=stale_seconds())


def recover_stale_batches(batches=None):
    """Mark the stale batches among `batches` (default: all in progress) failed; return their ids."""
    batches = ImportBatch.objects.all() if batches is None else batches
    failed = []
    for batch in batches.filter(status__in=IN_PROGRESS).exclude(worker=""):
        if not is_stale(batch):
            continue
        # Only if it is still the same claim: the process may have finished, or another taken over.
        if ImportBatch.objects.filter(pk=batch.pk, status=batch.status, worker=batch.worker).update(
            status=ImportBatch.FAILED, phase="", message=STALE_MESSAGE, finished_at=timezone.now()
        ):
            failed.append(batch.pk)
    if failed:
        _fail_task_results(failed)
    return failed


def _fail_task_results(batch_ids):
    """The background worker's own record of the task stays "running" when its process dies."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from . import tasks

    paths = [task.module_path for task in (tasks.check_import, tasks.apply_import)]
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, task_path__in=paths):
        if result.args_kwargs.get("args", [None])[:1] and result.args_kwargs["args"][0] in batch_ids:
            result.status, result.finished_at = TaskResultStatus.FAILED, timezone.now()
            result.exception_class_path = "importers.liveness.WorkerDied"
            result.traceback = STALE_MESSAGE
            result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])


@contextlib.contextmanager
def claim(batch, status, phase):
    """Mark the batch as worked on by this process and keep its heartbeat fresh; on an unexpected
    error mark it failed (the write transaction was rolled back); release the claim when done."""
    worker = current_worker()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status, phase=phase, worker=worker, heartbeat_at=timezone.now()
    )
    batch.status, batch.phase, batch.worker = status, phase, worker
    mine = ImportBatch.objects.filter(pk=batch.pk, worker=worker)
    stop = threading.Event()

    def beat():
        while not stop.wait(getattr(settings, "IMPORT_HEARTBEAT_SECONDS", 10)):
            try:
                mine.update(heartbeat_at=timezone.now())
            except DatabaseError:
                pass  # SQLite's write lock held by the import itself, or the database restarting
            finally:
                connection.close()  # a fresh connection each beat survives a database restart

    thread = threading.Thread(target=beat, name=f"import-heartbeat-{batch.pk}", daemon=True)
    thread.start()
    try:
        yield
    except Exception:
        with contextlib.suppress(DatabaseError):
            mine.filter(status=status).update(
                status=ImportBatch.FAILED, phase="", message=ERROR_MESSAGE, finished_at=timezone.now()
            )
        raise
    finally:
        stop.set()
        thread.join()
        with contextlib.suppress(DatabaseError):
            mine.update(worker="")
        batch.worker = ""
