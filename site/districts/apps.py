from django.apps import AppConfig


class DistrictsConfig(AppConfig):
    name = "districts"
    verbose_name = "行政区"

    def ready(self):
        from . import signals  # noqa: F401
