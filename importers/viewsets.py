"""Admin wiring: roster listings get 导入/模板/导出 through their snippet viewsets; a history of batches."""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView, View
from django_filters import ChoiceFilter
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn, UserColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from districts.access import districts_for
from snippets.forms import DistrictFilterSet
from snippets.viewsets import DistrictSnippetViewSet

from . import views
from .datasets import DATASETS
from .models import ImportBatch

STATUS_CHOICES = [("active", "在岗"), ("inactive", "离岗"), ("all", "全部")]


class RosterFilterSet(DistrictFilterSet):
    """People listings show those in post unless 状态 says otherwise; exports follow the listing."""

    status = ChoiceFilter(label="状态", choices=STATUS_CHOICES, empty_label=None, method="filter_status")

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", "active")
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        if value == "all":
            return queryset
        return queryset.filter(is_active=value != "inactive")


class RosterIndexView(SnippetIndexView):
    resource_class = None
    import_url_name = template_url_name = None

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """Exports carry the dataset's spec headers, masked unless the user may see personal data."""
        return views.export_response(self.resource_class(), queryset, spreadsheet_format, self.request.user)

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.user_has_permission("add") and self.user_has_permission("change"):
            buttons.append(Button("导入", url=reverse(self.import_url_name), icon_name="upload", priority=10))
            buttons.append(Button("导入记录", url=reverse("importers:index"), icon_name="history", priority=30))
        buttons.append(Button("下载导入模板", url=reverse(self.template_url_name), icon_name="download", priority=20))
        return buttons


class RosterViewSet(DistrictSnippetViewSet):
    """A district-owned model that is imported and exported as a dataset of the spec."""

    resource_class = None
    index_view_class = type("RosterIndexView", (RosterIndexView,), {"base_filterset_class": DistrictFilterSet})
    export_formats = ["xlsx", "csv"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The Wagtail export button appears when list_export is set; our export writes the spec's columns.
        self.list_export = [c.attribute for c in self.resource_class().columns()]
        if self.resource_class.people:
            self.index_view_class = type(
                "PeopleIndexView", (RosterIndexView,), {"base_filterset_class": RosterFilterSet}
            )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            resource_class=self.resource_class,
            import_url_name=self.get_url_name("import"),
            template_url_name=self.get_url_name("import_template"),
            **kwargs,
        )

    def get_urlpatterns(self):
        dataset_kwargs = {"resource_class": self.resource_class, "index_url_name": self.get_url_name("list")}
        return super().get_urlpatterns() + [
            path(
                "import/",
                views.UploadView.as_view(template_url_name=self.get_url_name("import_template"), **dataset_kwargs),
                name="import",
            ),
            path(
                "import/template/",
                views.TemplateDownloadView.as_view(permission_actions=("add",), **dataset_kwargs),
                name="import_template",
            ),
        ]


class HistoryIndexView(IndexView):
    model = ImportBatch
    page_title = "导入记录"
    header_icon = "history"
    index_url_name = "importers:index"
    index_results_url_name = "importers:index_results"
    paginate_by = 30
    default_ordering = "-created_at"
    permission_policy = None  # the queryset holds only batches of datasets the user may import

    def get_base_queryset(self):
        allowed = [name for name, r in DATASETS.items() if self._may_import(r._meta.model)]
        return views.batches_for(self.request.user).filter(dataset__in=allowed)

    def _may_import(self, model):
        from wagtail.permissions import policy_registry

        policy = policy_registry.get_by_type(model)
        return policy.user_has_permission(self.request.user, "add") and policy.user_has_permission(
            self.request.user, "change"
        )

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label="批次",
                accessor=lambda b: f"#{b.pk} {b.original_name}",
                get_url=lambda b: reverse("importers:batch", args=(b.pk,)),
            ),
            Column("dataset_label", label="数据集"),
            Column("district", label="行政区"),
            UserColumn("user", label="导入人"),
            DateColumn("created_at", label="时间"),
            Column("get_status_display", label="状态"),
            Column("rows", label="数据行"),
            Column("created", label="新增"),
            Column("updated", label="更新"),
            Column("deactivated", label="离岗"),
            Column("error_count", label="错误"),
        ]


class ImportHistoryViewSet(ViewSet):
    name = "importers"
    url_prefix = "imports"
    icon = "history"
    menu_label = "导入记录"

    def get_urlpatterns(self):
        return [
            path("", HistoryIndexView.as_view(), name="index"),
            path("results/", HistoryIndexView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/", views.BatchView.as_view(), name="batch"),
            path("<int:pk>/undo/", views.UndoView.as_view(), name="undo"),
            path("<int:pk>/file/", views.OriginalFileView.as_view(), name="file"),
        ]


# -- datasets whose rows are pages (service guides) -----------------------------------------------


class PageDatasetIndexView(views.DatasetViewMixin, TemplateView):
    """A page dataset's home in the admin: import, template, and per district its export."""

    template_name = "importers/page_dataset.html"
    header_icon = "doc-full-inverse"
    import_url_name = template_url_name = export_url_name = None

    def get_page_title(self):
        return f"{self.resource_class.label}：导入与导出"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        views.require(request.user, self.model, "change")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        resource = self.resource_class
        return super().get_context_data(**kwargs) | {
            "resource": resource,
            "columns": resource().columns(),
            "districts": [(d, resource.open_data_links(d)) for d in districts_for(self.request.user)],
            "import_url": reverse(self.import_url_name),
            "template_url": reverse(self.template_url_name),
            "export_url": reverse(self.export_url_name),
            "batches": views.batches_for(self.request.user).filter(dataset=resource.dataset_name)[:10],
        }


class PageDatasetExportView(views.DatasetViewMixin, View):
    def get(self, request):
        views.require(request.user, self.model, "change")
        district = get_object_or_404(districts_for(request.user), pk=request.GET.get("district") or 0)
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        resource = self.resource_class()
        return views.export_response(resource, resource.export_queryset(district), fmt, request.user)


class PageDatasetViewSet(ViewSet):
    """Import and export for a dataset whose rows are pages: the page tree keeps the listing,
    this adds 导入, the template and the export."""

    resource_class = None
    icon = "upload"

    def get_urlpatterns(self):
        dataset_kwargs = {"resource_class": self.resource_class, "index_url_name": self.get_url_name("index")}
        return [
            path(
                "",
                PageDatasetIndexView.as_view(
                    import_url_name=self.get_url_name("import"),
                    template_url_name=self.get_url_name("import_template"),
                    export_url_name=self.get_url_name("export"),
                    **dataset_kwargs,
                ),
                name="index",
            ),
            path(
                "import/",
                views.UploadView.as_view(template_url_name=self.get_url_name("import_template"), **dataset_kwargs),
                name="import",
            ),
            path(
                "import/template/",
                views.TemplateDownloadView.as_view(permission_actions=("add",), **dataset_kwargs),
                name="import_template",
            ),
            path("export/", PageDatasetExportView.as_view(**dataset_kwargs), name="export"),
        ]
