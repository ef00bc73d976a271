"""Admin: the district's service categories and life situations, under 办事服务."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from importers.datasets.services import ServiceResource
from importers.viewsets import PageDatasetViewSet
from snippets.viewsets import DistrictSnippetViewSet

from .models import LifeSituation, ServiceCategory


class ServiceCategoryViewSet(DistrictSnippetViewSet):
    model = ServiceCategory
    icon = "folder-open-inverse"
    menu_label = "服务类别"
    list_display = ["name", "icon", "order", "description", "district"]
    list_filter = ["district"]
    list_export = ["district", "name", "icon", "order", "description"]
    export_filename = "服务类别"
    search_fields = ["name", "description"]
    ordering = ["district", "order", "name"]


class LifeSituationViewSet(DistrictSnippetViewSet):
    model = LifeSituation
    icon = "tag"
    menu_label = "生活情境"
    list_display = ["name", "icon", "order", "description", "district"]
    list_filter = ["district"]
    list_export = ["district", "name", "icon", "order", "description"]
    export_filename = "生活情境"
    search_fields = ["name", "description"]
    ordering = ["district", "order", "name"]


class ServiceGuideDataViewSet(PageDatasetViewSet):
    name = "service_guide_data"
    url_prefix = "services/data"
    resource_class = ServiceResource
    icon = "upload"
    menu_label = "导入导出办事指南"


class ServicesGroup(SnippetViewSetGroup):
    menu_label = "办事服务"
    menu_icon = "help"
    menu_order = 320
    items = (ServiceCategoryViewSet, LifeSituationViewSet, ServiceGuideDataViewSet)


register_snippet(ServicesGroup)
