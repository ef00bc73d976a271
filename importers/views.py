"""The admin flow: 导入 → upload → preview → confirm → result, the import history and undo.

It follows the look of Wagtail's own redirects importer. Small files are
checked and written in the request; larger ones in the background worker,
with a progress page that refreshes itself (no JavaScript needed).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from districts.access import can_access, scope
from snippets.privacy import can_view_personal_data

from . import exports
from .datasets import DATASETS
from .forms import UploadForm
from .liveness import recover_stale_batches
from .models import ImportBatch
from .runner import run_or_enqueue
from .undo import UndoRefused, blocking_batch, undo


def require(user, model, *actions):
    policy = policy_registry.get_by_type(model)
    if not all(policy.user_has_permission(user, action) for action in actions):
        raise PermissionDenied


class DatasetViewMixin(WagtailAdminTemplateMixin):
    """Views that work on one dataset; the roster viewset passes `resource_class` and its URLs."""

    resource_class = None
    index_url_name = None
    header_icon = "upload"

    @property
    def model(self):
        return self.resource_class._meta.model

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": self.model._meta.verbose_name_plural},
            {"url": "", "label": self.get_page_title()},
        ]


class UploadView(DatasetViewMixin, FormView):
    template_name = "importers/upload.html"
    form_class = UploadForm
    template_url_name = None

    def get_page_title(self):
        return f"导入{self.resource_class.label}"

    def dispatch(self, request, *args, **kwargs):
        require(request.user, self.model, "add", "change")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user, "people": self.resource_class.people}

    def get_context_data(self, **kwargs):
        columns = self.resource_class().columns()
        return super().get_context_data(**kwargs) | {
            "columns": columns,
            "template_url": reverse(self.template_url_name),
            "resource": self.resource_class,
        }

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        batch = ImportBatch.objects.create(
            district=form.cleaned_data["district"],
            dataset=self.resource_class.dataset_name,
            user=self.request.user,
            file=upload,
            original_name=upload.name[:255],
            sync=form.cleaned_data.get("sync", False),
            skip_errors=form.cleaned_data["skip_errors"],
        )
        run_or_enqueue(batch, "check")
        return redirect("importers:batch", batch.pk)


class TemplateDownloadView(DatasetViewMixin, View):
    # Pages have no "view" permission in Wagtail: a page dataset asks for "add" (see PageDatasetViewSet).
    permission_actions = ("view",)

    def get(self, request):
        require(request.user, self.model, *self.permission_actions)
        resource = self.resource_class()
        data = exports.to_xlsx([], [], title=resource.label, resource=resource, template=True)
        response = HttpResponse(data, content_type=exports.XLSX)
        response["Content-Disposition"] = content_disposition_header(True, f"{resource.label}（导入模板）.xlsx")
        return response


def export_response(resource, queryset, fmt, user):
    headers, rows = exports.export_rows(resource, queryset, mask=not can_view_personal_data(user))
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(headers, rows), content_type=exports.CSV)
    else:
        response = HttpResponse(exports.to_xlsx(headers, rows, title=resource.label), content_type=exports.XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{resource.label}.{fmt}")
    return response


# -- the import history -------------------------------------------------------------------------


class BatchMixin:
    def get_batch(self):
        recover_stale_batches(ImportBatch.objects.filter(pk=self.kwargs["pk"]))  # its process may have died
        batch = get_object_or_404(ImportBatch.objects.select_related("district", "user"), pk=self.kwargs["pk"])
        if not can_access(self.request.user, batch):
            raise Http404
        require(self.request.user, DATASETS[batch.dataset]._meta.model, "add", "change")
        return batch


class BatchView(BatchMixin, WagtailAdminTemplateMixin, TemplateView):
    """One batch: its progress, its preview (confirm), its result (undo)."""

    template_name = "importers/batch.html"
    header_icon = "upload"

    def get_page_title(self):
        return f"导入批次 #{self.batch.pk}"

    def dispatch(self, request, *args, **kwargs):
        self.batch = self.get_batch()
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("importers:index"), "label": "导入记录"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        batch = self.batch
        resource = DATASETS[batch.dataset]
        model = resource._meta.model
        return super().get_context_data(**kwargs) | {
            "batch": batch,
            "report": batch.report,
            "resource": resource,
            "list_url": resource.list_url()
            if hasattr(resource, "list_url")
            else reverse(model.snippet_viewset.get_url_name("list")),
            "refresh": not batch.is_finished,
            "blocking": blocking_batch(batch) if batch.status == ImportBatch.DONE else None,
        }

    def post(self, request, *args, **kwargs):
        batch = self.batch
        if batch.status != ImportBatch.CHECKED:
            messages.error(request, "这个批次已经不能再确认导入了。")
            return redirect("importers:batch", batch.pk)
        if request.POST.get("skip_errors"):
            batch.skip_errors = True
        has_errors = batch.report.get("error_count", batch.error_count)
        if has_errors and not batch.skip_errors:
            messages.error(request, "文件中有错误：请改正后重新上传，或勾选“只导入无误的行”。")
            return redirect("importers:batch", batch.pk)
        batch.status, batch.phase, batch.rows_done = ImportBatch.RUNNING, "排队等待", 0
        batch.save(update_fields=["status", "phase", "rows_done", "skip_errors"])
        run_or_enqueue(batch, "apply")
        return redirect("importers:batch", batch.pk)


class UndoView(BatchMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "importers/undo.html"
    header_icon = "undo"

    def dispatch(self, request, *args, **kwargs):
        self.batch = self.get_batch()
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"撤销导入批次 #{self.batch.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"batch": self.batch, "blocking": blocking_batch(self.batch)}

    def post(self, request, *args, **kwargs):
        try:
            undo(self.batch, request.user)
        except UndoRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"导入批次 #{self.batch.pk} 已撤销。")
        return redirect("importers:batch", self.batch.pk)


class OriginalFileView(BatchMixin, View):
    def get(self, request, pk):
        batch = self.get_batch()
        if not batch.file:
            raise Http404
        return FileResponse(batch.file.open("rb"), as_attachment=True, filename=batch.original_name or "import")


def batches_for(user):
    return scope(ImportBatch.objects.select_related("district", "user"), user)
