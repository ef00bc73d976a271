"""Running an import batch's two steps — check (a dry run for the preview) and apply — with progress.

Both steps read the file the batch keeps, so the worker and the web process
share nothing but the database. Progress is written as the rows are checked,
outside the write transaction, so an administrator can leave the page and
come back to a progress bar.
"""

import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .datasets import DATASETS
from .engine import Importer
from .errors import TableError
from .liveness import claim
from .models import ImportBatch
from .reading import read_table


def _progress(batch):
    last = [0.0]

    def update(phase, done, total):
        now = time.monotonic()
        if now - last[0] < 0.5 and done not in (0, total):
            return
        last[0] = now
        ImportBatch.objects.filter(pk=batch.pk).update(phase=phase, rows_done=done, rows_total=total)

    return update


def _importer(batch, *, dry_run):
    return Importer(
        DATASETS[batch.dataset],
        batch.district,
        dry_run=dry_run,
        sync=batch.sync,
        skip_errors=batch.skip_errors,
        progress=_progress(batch),
    )


def _read(batch):
    with batch.file.open("rb") as handle:
        data = handle.read()
    return read_table(data, batch.original_name, max_bytes=settings.IMPORT_MAX_UPLOAD_MB * 1048576)


def _fail(batch, message):
    batch.status, batch.message, batch.finished_at = ImportBatch.FAILED, message, timezone.now()
    batch.save(update_fields=["status", "message", "finished_at"])


def check_batch(batch):
    """The preview: everything the import would do, written nowhere but the batch's report."""
    with claim(batch, ImportBatch.CHECKING, "读取文件"):
        try:
            report = _importer(batch, dry_run=True).run(_read(batch))
        except TableError as error:
            return _fail(batch, str(error))
        batch.report = report.as_record()
        batch.status, batch.phase = ImportBatch.CHECKED, ""
        for name in ("rows", "created", "updated", "unchanged", "deactivated", "skipped", "error_count"):
            setattr(batch, name, getattr(report, name))
        batch.save()


def apply_batch(batch):
    """The import itself, after the administrator confirmed the preview."""
    with claim(batch, ImportBatch.RUNNING, "读取文件"):
        try:
            report = _importer(batch, dry_run=False).run(_read(batch), batch=batch)
        except TableError as error:
            return _fail(batch, str(error))
        if report.batch is None:  # row errors and nothing written (the data changed since the preview)
            batch.report = report.as_record()
            batch.error_count = report.error_count
            batch.status, batch.phase = ImportBatch.FAILED, ""
            batch.message = "文件中有错误，没有写入任何数据。"
            batch.finished_at = timezone.now()
            batch.save()


def run_or_enqueue(batch, step):
    """Small files run at once, in the request; larger ones go to the background worker."""
    from . import tasks

    task = {"check": tasks.check_import, "apply": tasks.apply_import}[step]
    if batch.file.size <= settings.IMPORT_BACKGROUND_BYTES:
        (check_batch if step == "check" else apply_batch)(batch)
    else:
        transaction.on_commit(lambda: task.enqueue(batch.pk))
