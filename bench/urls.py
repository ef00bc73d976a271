"""The site's URLs behind /bench/floor/, a minimal Django view: the same server, middleware and
settings as every page, and nothing else. bench/serve.py measures pages as a share of it."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def floor(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *site_urlpatterns]
