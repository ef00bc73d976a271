from wagtail.snippets.models import register_snippet

from snippets.viewsets import DistrictSnippetViewSet

from .models import DistrictCalendar


class DistrictCalendarViewSet(DistrictSnippetViewSet):
    """作息日历: each district's once-a-year calendar, seen and edited only by its own staff."""

    model = DistrictCalendar
    icon = "date"
    menu_label = "作息日历"
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["__str__", "year", "district"]
    list_filter = ["district", "year"]
    search_fields = ["note"]


register_snippet(DistrictCalendarViewSet)
