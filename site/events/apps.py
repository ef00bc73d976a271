from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "志愿活动"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from .models import EventPage
        from .signups import fill_from_waitlists

        def published(sender, instance, **kwargs):
            fill_from_waitlists(instance)

        page_published.connect(published, sender=EventPage, dispatch_uid="events-fill-from-waitlists", weak=False)
