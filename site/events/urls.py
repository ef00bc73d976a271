"""Calendar files end in .ics, which Wagtail's page URLs (always ending in a slash) cannot.

`/xining/events/feed.ics` is served as the page route `/xining/events/feed/`, so the page tree,
its privacy settings and its sites still decide what is served.
"""

from django.urls import re_path
from wagtail import views as wagtail_views


def serve_calendar(request, path):
    return wagtail_views.serve(request, path + "/")


urlpatterns = [re_path(r"^(?P<path>(?:[\w\-]+/)*[\w\-]+)\.ics$", serve_calendar, name="calendar_file")]
