from django.apps import AppConfig


class SnippetsConfig(AppConfig):
    name = "snippets"
    verbose_name = "社区网格与名册"
