"""Undoing an import batch: rows it created removed, rows it updated restored, people it deactivated reactivated."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from pagecache import invalidate as page_cache

from .datasets import DATASETS
from .models import ImportBatch, ImportChange


class UndoRefused(Exception):
    pass


def blocking_batch(batch):
    """A later, still-applied batch of the same dataset and district: it must be undone first."""
    return (
        ImportBatch.objects.filter(
            district=batch.district, dataset=batch.dataset, status=ImportBatch.DONE, pk__gt=batch.pk
        )
        .exclude(created=0, updated=0, deactivated=0)
        .order_by("pk")
        .first()
    )


def _restore(model, values):
    """JSON before-values back to field values."""
    restored = {}
    for name, value in values.items():
        field = model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
        if value is not None and field.get_internal_type() == "DateField":
            value = dt.date.fromisoformat(value)
        elif value is not None and field.get_internal_type() == "DateTimeField":
            value = dt.datetime.fromisoformat(value)
        elif value is not None and field.get_internal_type() == "DecimalField":
            value = Decimal(value)
        restored[name] = value
    return restored


@transaction.atomic
def undo(batch, user):
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.DONE:
        raise UndoRefused("只有已导入的批次可以撤销。")
    if later := blocking_batch(batch):
        raise UndoRefused(f"请先撤销同一数据集较晚的导入批次 #{later.pk}，再撤销本批次。")
    resource = DATASETS[batch.dataset]()
    model = resource._meta.model
    affected = resource.affected_by(batch)
    changes = ImportChange.objects.filter(batch=batch)
    updated = changes.filter(action=ImportChange.UPDATED)
    if hasattr(resource, "restore"):  # pages: the earlier values saved as a new revision
        resource.restore(updated, user)
    else:
        for change in updated.iterator():
            model.objects.filter(pk=change.object_id).update(**_restore(model, change.before))
    deactivated = list(changes.filter(action=ImportChange.DEACTIVATED).values_list("object_id", flat=True))
    for start in range(0, len(deactivated), 500):
        model.objects.filter(pk__in=deactivated[start : start + 500]).update(is_active=True)
    try:
        _delete_created(model, batch, after=lambda: resource.after_change(batch.district, affected))
    except ProtectedError as error:
        names = "、".join(str(obj) for obj in list(error.protected_objects)[:5])
        raise UndoRefused(f"本批次新建的记录已被其他数据引用（{names}），不能撤销。") from None
    batch.status, batch.undone_at, batch.undone_by = ImportBatch.UNDONE, timezone.now(), user
    batch.save(update_fields=["status", "undone_at", "undone_by"])
    page_cache.district(batch.district)  # updates and deletes by queryset send no signals


def _delete_created(model, batch, after):
    """Rows first, then (after derived data is brought up to date) the categories, places and teams
    the batch created for them (children before parents)."""
    from demands.models import DemandCategory
    from services.models import ServiceCategory
    from snippets.models import Community, Street, VolunteerTeam

    if model.__name__ == "Grid":
        for level in (3, 2, 1):
            model.objects.filter(import_batch=batch, level=level).delete()
    else:
        model.objects.filter(import_batch=batch).delete()
    after()
    for related in (DemandCategory, ServiceCategory, VolunteerTeam, Community, Street):
        related.objects.filter(import_batch=batch).delete()
