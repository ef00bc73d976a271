"""Uploaded spreadsheets hold residents' personal data: they live outside MEDIA_ROOT, never served."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class ImportFileStorage(LazyObject):
    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.IMPORT_ROOT, base_url=None)


import_file_storage = ImportFileStorage()
