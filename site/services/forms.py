"""The guide's admin form: only its own district's categories, life situations and centres."""

import copy

from wagtail.admin.forms import WagtailAdminPageForm

from centres.models import ServiceWindow
from districts.pages import district_home_of
from districts.slugs import PinyinSlugMixin


def _with_windows(form_class, windows):
    fields = dict(form_class.base_fields)
    fields["window"] = copy.deepcopy(fields["window"])
    fields["window"].queryset = windows
    return fields


class ServiceGuideForm(PinyinSlugMixin, WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.district_home = self._district_home()
        district_id = self.district_home.district_id if self.district_home else None
        for name in ("category", "life_situations"):
            field = self.fields.get(name)
            if field is not None:
                field.queryset = field.queryset.filter(district_id=district_id)
        places = self.formsets.get("places")
        if places is not None:
            # The window list offers only this district's centres' windows, named with their centre.
            windows = ServiceWindow.objects.filter(centre__district_id=district_id).select_related("centre")
            places.form = type("PlaceForm", (places.form,), {"base_fields": _with_windows(places.form, windows)})
            for form in places.forms:
                form.fields["window"].queryset = windows

    def _district_home(self):
        if self.instance.pk and self.instance.path:
            return self.instance.district_home
        return district_home_of(self.parent_page) if self.parent_page is not None else None

    def is_valid(self):
        """The page and its rows are cleaned first; then each place row is checked against the district."""
        valid = super().is_valid()
        home = self.district_home
        places = getattr(self, "formsets", {}).get("places")
        if home is None or places is None:
            return valid
        from .models import rules

        for form in places.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            for message in rules.place_errors_of(home, form.instance):
                form.add_error(None, message)
                valid = False
        return valid
