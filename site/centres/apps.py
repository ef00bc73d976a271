from django.apps import AppConfig


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = "党群服务中心"
    default_auto_field = "django.db.models.BigAutoField"
