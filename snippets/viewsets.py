"""Snippet viewsets scoped to the user's districts, for every view they register."""

from django.contrib.admin.utils import unquote
from django.http import Http404
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from districts.access import DistrictPermissionPolicy, scope

from .forms import DistrictFilterSet


class DistrictObjectMixin:
    """A row of another district is not found (404), whatever the view, before it does anything."""

    def setup(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            model = getattr(self, "model", None) or self.model_class
            rows = model._default_manager.filter(pk=unquote(str(pk)))
            if not scope(rows, request.user).exists():
                raise Http404
        super().setup(request, *args, **kwargs)


class ScopedChooserListMixin:
    def get_object_list(self):
        return scope(super().get_object_list(), self.request.user)


class DistrictChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("DistrictChooseView", (ScopedChooserListMixin, ChooseView), {})
    choose_results_view_class = type("DistrictChooseResultsView", (ScopedChooserListMixin, ChooseResultsView), {})
    chosen_view_class = type("DistrictChosenView", (DistrictObjectMixin, SnippetChosenView), {})

    class chosen_multiple_view_class(SnippetChosenMultipleView):
        def get_objects(self, pks):
            return scope(super().get_objects(pks), self.request.user)


# Every view of SnippetViewSet that looks up one object by its primary key.
OBJECT_VIEWS = (
    "edit_view_class",
    "delete_view_class",
    "copy_view_class",
    "inspect_view_class",
    "usage_view_class",
    "history_view_class",
    "revisions_view_class",
    "revisions_compare_view_class",
    "revisions_unschedule_view_class",
    "unpublish_view_class",
    "preview_on_edit_view_class",
    "lock_view_class",
    "unlock_view_class",
    "workflow_action_view_class",
    "collect_workflow_action_data_view_class",
    "confirm_workflow_cancellation_view_class",
    "workflow_preview_view_class",
    "workflow_history_view_class",
    "workflow_history_detail_view_class",
)


class DistrictSnippetViewSet(SnippetViewSet):
    """A SnippetViewSet for a district-owned model: listings, object views,
    choosers, filters and exports only reach the user's districts' rows."""

    chooser_viewset_class = DistrictChooserViewSet
    # list_filter builds its filters on DistrictFilterSet, so their choices are scoped too.
    # Listing search matches substrings in the database: the search backend's
    # default tokenizer does not split Chinese names into words.
    search_backend_name = None
    inspect_view_enabled = True
    index_view_class = type("DistrictIndexView", (IndexView,), {"base_filterset_class": DistrictFilterSet})

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in OBJECT_VIEWS:
            view_class = getattr(cls, name)
            if not issubclass(view_class, DistrictObjectMixin):
                setattr(cls, name, type(view_class.__name__, (DistrictObjectMixin, view_class), {}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        register_permission_policy(self.model, DistrictPermissionPolicy(self.model))

    def get_queryset(self, request):
        return scope(self.model._default_manager.all(), request.user)
