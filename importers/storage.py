"""Uploaded spreadsheets hold residents' personal data: they live outside MEDIA_ROOT, never served."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def import_file_storage():
    """A callable, so that migrations name this function rather than one machine's IMPORT_ROOT."""
    return FileSystemStorage(location=settings.IMPORT_ROOT, base_url=None)
