"""Admin forms of the calendar snippet and the centre page: the rules of centres.validation applied
across the rows of their inline panels (which the models cannot see before they are saved)."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

from districts.pages import district_home_of
from snippets.forms import DistrictOwnedForm
from snippets.models import Community

from . import hours, validation


def live_rows(form, relation):
    """The cleaned data of the inline rows that will be saved (not deleted, not left empty)."""
    formset = form.formsets.get(relation)
    if formset is None or not formset.is_valid():
        return None  # the rows' own errors are shown with them
    return [row.cleaned_data for row in formset.forms if row.cleaned_data and not formset._should_delete_form(row)]


def closures(rows):
    return [hours.Closure(row.get("start"), row.get("end"), row.get("name", "")) for row in rows]


class CalendarForm(DistrictOwnedForm):
    def clean(self):
        cleaned = super().clean()
        ranges, holidays, workdays = (live_rows(self, name) for name in ("hours", "holidays", "workdays"))
        if None in (ranges, holidays, workdays):
            return cleaned
        year = cleaned.get("year")
        holidays = closures(holidays)
        errors = (
            validation.range_errors([validation.as_range(row) for row in ranges])
            + validation.closure_errors(holidays, year)
            + validation.workday_errors(
                [(row.get("date"), row.get("weekday"), row.get("name")) for row in workdays], holidays, year
            )
        )
        if errors:
            raise ValidationError(errors)
        return cleaned


class CentrePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the communities of the district the centre is (or will be) in.
        place = self.instance if self.instance.pk else self.parent_page
        home = district_home_of(place) if place is not None and place.path else None
        if "community" in self.fields and home is not None:
            self.fields["community"].queryset = Community.objects.filter(district_id=home.district_id)
        self.district_id = home.district_id if home else None

    def clean(self):
        cleaned = super().clean()
        community = cleaned.get("community")
        if community is not None and self.district_id and community.district_id != self.district_id:
            self.add_error("community", f"社区“{community}”属于另一个行政区。")
        ranges, own_closures = live_rows(self, "hours"), live_rows(self, "closures")
        if ranges is None or own_closures is None:
            return cleaned
        errors = validation.range_errors([validation.as_range(row) for row in ranges]) + validation.closure_errors(
            closures(own_closures), what="闭馆"
        )
        if errors:
            raise ValidationError(errors)
        return cleaned
