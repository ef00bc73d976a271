"""Staff views of sign-ups and attendance: scoped to the user's districts, mobiles masked
unless the user may see personal data, exported as .xlsx/.csv."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from importers.datasets.attendance import AttendanceResource
from importers.viewsets import RosterViewSet
from snippets.columns import mobile_column
from snippets.privacy import can_view_personal_data, mask_mobile
from snippets.viewsets import DistrictSnippetViewSet

from .models import Attendance, SignUp


class SignUpIndexView(DistrictSnippetViewSet.index_view_class):
    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if "mobile" in row and not can_view_personal_data(self.request.user):
            row["mobile"] = mask_mobile(row["mobile"])
        return row


class SignUpViewSet(DistrictSnippetViewSet):
    model = SignUp
    icon = "list-ul"
    menu_label = "活动报名"
    add_to_admin_menu = False
    index_view_class = SignUpIndexView
    list_filter = ["status", "occurrence"]
    list_display = ["name", mobile_column(), "event", "occurrence", "status_label", "position", "created_at"]
    list_export = ["event", "occurrence", "name", "mobile", "status_label", "position", "created_at"]
    export_headings = {"status_label": "状态", "event": "活动"}
    export_filename = "活动报名"
    search_fields = ["name", "mobile"]
    ordering = ["-occurrence", "event", "position"]
    inspect_view_enabled = False  # it would show the whole mobile number

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")


class AttendanceViewSet(RosterViewSet):
    model = Attendance
    resource_class = AttendanceResource
    icon = "tick"
    list_display = ["name", mobile_column(), "event", "occurrence", "hours", "points"]
    list_filter = ["occurrence"]
    search_fields = ["name", "mobile"]


class EventsGroup(SnippetViewSetGroup):
    menu_label = "志愿活动"
    menu_icon = "date"
    items = (SignUpViewSet, AttendanceViewSet)


register_snippet(EventsGroup)
