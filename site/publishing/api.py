"""Wagtail API v2 for a district's mini-program: live, public pages of the request's site and images.

Only fields a page type names in `api_fields` are exposed; each is public by design
(a contact card block, for example, gives only a worker's public fields).
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
# Wagtail's PagesAPIViewSet already serves only live, public pages under the request's site root.
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
