from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .models import Community, Grid, Street
from .viewsets import DistrictSnippetViewSet


class StreetViewSet(DistrictSnippetViewSet):
    model = Street
    icon = "site"
    list_display = ["name", "code", "district"]
    list_filter = ["district"]
    list_export = ["district", "name", "code"]
    export_filename = "街道"
    search_fields = ["name"]


class CommunityViewSet(DistrictSnippetViewSet):
    model = Community
    icon = "home"
    list_display = ["name", "street", "district"]
    list_filter = ["district", "street"]
    list_export = ["district", "street", "name", "address"]
    export_filename = "社区"
    search_fields = ["name"]


class GridViewSet(DistrictSnippetViewSet):
    model = Grid
    icon = "table"
    list_display = ["name", "code", "community", "level", "households", "party_branch"]
    list_filter = ["district", "community", "level"]
    list_export = ["district", "community", "name", "code", "level", "parent", "households", "party_branch"]
    export_filename = "网格"
    search_fields = ["name", "code", "party_branch"]


class GeographyGroup(SnippetViewSetGroup):
    menu_label = "社区网格"
    menu_icon = "site"
    menu_order = 300
    items = (StreetViewSet, CommunityViewSet, GridViewSet)


register_snippet(GeographyGroup)
