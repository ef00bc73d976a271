"""`manage.py load_demo`: every app's demo content, in the order of INSTALLED_APPS.

An app takes part by having a `demo` module with `load(log)`. Each loader
creates only what is missing, so running the command twice changes nothing.
A `demo` module may also have `finish(log)`, called once every app has loaded:
for content that draws on other apps' (a home page linking to every section).
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "载入演示内容（可重复运行，已有内容不会改变）"

    def handle(self, *args, **options):
        def log(message):
            self.stdout.write(message)

        with transaction.atomic():
            modules = [
                import_module(f"{app.name}.demo")
                for app in apps.get_app_configs()
                if find_spec(f"{app.name}.demo") is not None
            ]
            for module in modules:
                module.load(log)
            for module in modules:
                if hasattr(module, "finish"):
                    module.finish(log)
        self.stdout.write(self.style.SUCCESS("演示内容已就绪。"))
