"""What search engines read per site: robots.txt (sitemap.xml is Wagtail's)."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

# Paths of no use to a search engine on any site: the admin, the display switch and the API.
DISALLOW = ["/admin/", "/display/", "/api/"]


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
