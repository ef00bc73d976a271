from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from importers.datasets import (
    CommunityWorkerResource,
    GridResource,
    GridWorkerResource,
    PartyCheckinResource,
    VolunteerResource,
)
from importers.viewsets import ImportHistoryViewSet, RosterViewSet

from .columns import id_number_column, mobile_column
from .models import Community, CommunityWorker, Grid, GridWorker, PartyCheckin, Street, Volunteer, VolunteerTeam
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


class GridViewSet(RosterViewSet):
    model = Grid
    resource_class = GridResource
    icon = "table"
    list_display = ["name", "code", "community", "level", "households", "party_branch"]
    list_filter = ["district", "community", "level"]
    search_fields = ["name", "code", "party_branch", "area"]


class GeographyGroup(SnippetViewSetGroup):
    menu_label = "社区网格"
    menu_icon = "site"
    menu_order = 300
    items = (StreetViewSet, CommunityViewSet, GridViewSet)


class GridWorkerViewSet(RosterViewSet):
    model = GridWorker
    resource_class = GridWorkerResource
    icon = "user"
    list_display = ["name", "community", "grid", "role", mobile_column(), "status_label"]
    list_filter = ["community", "grid", "role"]
    search_fields = ["name", "mobile", "grid__name"]


class CommunityWorkerViewSet(RosterViewSet):
    model = CommunityWorker
    resource_class = CommunityWorkerResource
    icon = "user"
    list_display = ["name", "community", "position", "grade", mobile_column(), id_number_column(), "status_label"]
    list_filter = ["community", "position"]
    search_fields = ["name", "mobile", "position"]


class VolunteerViewSet(RosterViewSet):
    model = Volunteer
    resource_class = VolunteerResource
    icon = "group"
    list_display = ["name", "team", "community", "skills", "hours", mobile_column(), "status_label"]
    list_filter = ["team", "community"]
    search_fields = ["name", "mobile", "skills"]


class VolunteerTeamViewSet(DistrictSnippetViewSet):
    model = VolunteerTeam
    icon = "group"
    list_display = ["name", "kind", "community", "leader_name"]
    list_filter = ["kind", "community"]
    search_fields = ["name", "leader_name"]


class PartyCheckinViewSet(RosterViewSet):
    model = PartyCheckin
    resource_class = PartyCheckinResource
    icon = "user"
    list_display = ["name", "employer", "community", "post", "points", mobile_column(), "status_label"]
    list_filter = ["community"]
    search_fields = ["name", "mobile", "employer", "post"]


class RosterGroup(SnippetViewSetGroup):
    menu_label = "名册"
    menu_icon = "group"
    menu_order = 310
    items = (GridWorkerViewSet, CommunityWorkerViewSet, VolunteerViewSet, VolunteerTeamViewSet, PartyCheckinViewSet)


register_snippet(GeographyGroup)
register_snippet(RosterGroup)


@hooks.register("register_admin_viewset")
def register_import_history():
    return ImportHistoryViewSet()
