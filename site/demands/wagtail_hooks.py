"""Admin: demand records (private, district-scoped), monthly summaries and categories, under 居民诉求."""

from django.utils import timezone
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from importers.datasets import DemandRecordResource, DemandSummaryResource
from importers.viewsets import RosterViewSet
from snippets.viewsets import DistrictSnippetViewSet

from .admin_filters import DemandRecordFilterSet
from .models import OPEN_STAGES, DemandCategory, DemandRecord, DemandSummary


def overdue_label(record):
    if record.stage in OPEN_STAGES and record.due_at and record.due_at < timezone.now():
        return "超期"
    return ""


class DemandRecordViewSet(RosterViewSet):
    model = DemandRecord
    resource_class = DemandRecordResource
    icon = "mail"
    menu_label = "诉求记录"
    list_display = [
        "ticket",
        "received_at",
        "category",
        "community",
        "stage",
        "due_at",
        Column("overdue", label="超期", accessor=overdue_label),
    ]
    filterset_class = DemandRecordFilterSet
    search_fields = ["ticket", "unit"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category", "community")


class DemandSummaryViewSet(RosterViewSet):
    model = DemandSummary
    resource_class = DemandSummaryResource
    icon = "table"
    menu_label = "月度汇总"
    list_display = ["month", "community", "category", "source", "received", "resolved", "resolved_on_time"]
    list_filter = ["district", "source", "community", "category", "month"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category", "community")


class DemandCategoryViewSet(DistrictSnippetViewSet):
    model = DemandCategory
    icon = "tag"
    list_display = ["name", "time_limit_days", "district"]
    list_filter = ["district"]
    search_fields = ["name"]


class DemandGroup(SnippetViewSetGroup):
    menu_label = "居民诉求"
    menu_icon = "mail"
    menu_order = 320
    items = (DemandRecordViewSet, DemandSummaryViewSet, DemandCategoryViewSet)


register_snippet(DemandGroup)
