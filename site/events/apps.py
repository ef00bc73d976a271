from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "志愿活动"
    default_auto_field = "django.db.models.BigAutoField"
