from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from .api import api_router
from .display import set_display
from .seo import robots_txt

urlpatterns = [
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("display/", set_display, name="set_display"),
]
