"""What import_data and export_data share with the admin: finding the district, reading a file."""

from django.conf import settings
from django.core.management.base import CommandError

from districts.models import District

from .datasets import DATASETS
from .errors import TableError
from .reading import read_table


def dataset_resource(name):
    try:
        return DATASETS[name]
    except KeyError:
        raise CommandError(f"未知的数据集“{name}”，可用：{'、'.join(DATASETS)}") from None


def district_by_code(code):
    try:
        return District.objects.get(code=code)
    except District.DoesNotExist:
        raise CommandError(f"行政区划代码 {code} 不存在") from None


def read_upload(data, filename, *, command=False):
    limit = (settings.IMPORT_MAX_FILE_MB if command else settings.IMPORT_MAX_UPLOAD_MB) * 1048576
    return read_table(data, filename, max_bytes=limit)


__all__ = ["TableError", "dataset_resource", "district_by_code", "read_upload"]
