"""Filters of the demand records listing: 办理状态, 诉求类别, 社区, 月份 and 是否超期."""

import datetime as dt

from django.utils import timezone
from django_filters import ChoiceFilter, ModelChoiceFilter

from snippets.forms import DistrictFilterSet
from snippets.models import Community

from .models import OPEN_STAGES, STAGES, DemandCategory, DemandRecord


def month_choices():
    """The last three years' months, newest first."""
    today = timezone.localdate().replace(day=1)
    months, month = [], today
    for _ in range(36):
        months.append((month.isoformat(), f"{month.year}年{month.month}月"))
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months


class DemandRecordFilterSet(DistrictFilterSet):
    stage = ChoiceFilter(label="办理状态", choices=[(s, s) for s in STAGES])
    category = ModelChoiceFilter(label="诉求类别", queryset=DemandCategory.objects.all())
    community = ModelChoiceFilter(label="社区", queryset=Community.objects.all())
    month = ChoiceFilter(label="受理月份", choices=month_choices)
    overdue = ChoiceFilter(label="是否超期", choices=[("yes", "超期未办结"), ("no", "未超期")], method="filter_overdue")

    class Meta:
        model = DemandRecord
        fields = ["district", "stage", "category", "community", "month", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = {"stage__in": OPEN_STAGES, "due_at__lt": timezone.now()}
        return queryset.filter(**overdue) if value == "yes" else queryset.exclude(**overdue)
