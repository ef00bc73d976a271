from django.apps import AppConfig


class DemandsConfig(AppConfig):
    name = "demands"
    verbose_name = "居民诉求"
    default_auto_field = "django.db.models.BigAutoField"
