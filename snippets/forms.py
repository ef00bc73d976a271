"""Admin forms and filters that only ever offer the user's own districts' rows."""

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm

from districts.access import district_ids_for, scope
from districts.models import District


def is_district_scoped(model):
    return model is District or hasattr(model, "district_lookup")


class DistrictOwnedForm(WagtailAdminModelForm):
    """Every choice of a district, or of a district-owned row, is limited to the user's districts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and is_district_scoped(queryset.model):
                field.queryset = scope(queryset, self.for_user)
        district = self.fields.get("district")
        if district is not None and not self.instance.pk:
            ids = district_ids_for(self.for_user)
            if ids is not None and len(ids) == 1:
                district.initial = next(iter(ids))


class DistrictFilterSet(WagtailFilterSet):
    """Listing filters whose choices come from the user's districts only."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for field in self.form.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and is_district_scoped(queryset.model):
                field.queryset = scope(queryset, user)
