from wagtail.snippets.models import register_snippet

from snippets.viewsets import DistrictSnippetViewSet

from .models import District


class DistrictViewSet(DistrictSnippetViewSet):
    model = District
    icon = "globe"
    menu_label = "行政区"
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["name", "code", "level", "parent", "slogan"]
    list_filter = ["level"]
    list_export = ["name", "code", "level", "parent", "slogan", "colour_primary", "colour_on_primary", "colour_accent"]
    export_filename = "行政区"
    search_fields = ["name", "code"]


register_snippet(DistrictViewSet)
