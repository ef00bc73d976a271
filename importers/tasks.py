"""Background import steps, run by `manage.py db_worker --backend imports --queue-name imports`."""

from django_tasks import task

from .liveness import recover_stale_batches
from .models import ImportBatch
from .runner import apply_batch, check_batch


@task(backend="imports", queue_name="imports")
def check_import(batch_id):
    recover_stale_batches()  # a worker that died before this one left its batches behind
    check_batch(ImportBatch.objects.select_related("district").get(pk=batch_id))


@task(backend="imports", queue_name="imports")
def apply_import(batch_id):
    recover_stale_batches()
    apply_batch(ImportBatch.objects.select_related("district").get(pk=batch_id))
