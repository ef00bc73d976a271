"""What every page in a district's subtree shares: its district home, navigation, breadcrumbs,
brand colours, and what it tells sharing apps (Open Graph) and search engines (JSON-LD).

Mixed into the district home page and every page type below it, so a template
never looks these up itself and the queries stay a fixed handful per page.
"""

from django.db.models import Prefetch
from django.utils.functional import cached_property
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from pagecache import shared

from .renditions import kept_rendition
from .restrictions import ViewRestrictionsInOneQuery


def district_home_of(page):
    """The nearest district home page at or above `page`, with its district, emblem and
    emblem renditions fetched along (one query and one for renditions), or None."""
    from .models import DistrictHomePage

    if not page.path:
        return None
    renditions = get_image_model().get_rendition_model().objects.all()
    return (
        DistrictHomePage.objects.ancestor_of(page, inclusive=True)
        .select_related("district", "district__emblem")
        .prefetch_related(Prefetch("district__emblem__renditions", queryset=renditions))
        .order_by("-depth")
        .first()
    )


def shared_district_home(page):
    """district_home_of(page), remembered while the district's pages stay as they are
    (pagecache.shared): the same object for every page of the district a request renders."""
    return shared.remember("district home", lambda: district_home_of(page), url_path=page.url_path or "")


class DistrictPageMixin(ViewRestrictionsInOneQuery):
    """For Page subclasses that live in a district's subtree."""

    og_type = "website"

    @cached_property
    def district_home(self):
        return shared_district_home(self)

    @property
    def district(self):
        home = self.district_home
        return home.district if home else None

    @property
    def brand_colours(self):
        """The colours this page is drawn in: its district's, unless a page type overrides them."""
        district = self.district
        if district is None:
            return None
        return {
            "primary": district.colour_primary,
            "on_primary": district.colour_on_primary,
            "accent": district.colour_accent,
        }

    @property
    def social_image(self):
        """The image shown when the page is shared: the page's own, else the district emblem."""
        district = self.district
        return district.emblem if district else None

    @property
    def description(self):
        return self.search_description

    def breadcrumbs(self, request):
        """The pages from the site's root down to this page's parent: those routing found on the
        way to this page (districts.routing), else one query."""
        site = Site.find_for_request(request)
        if site is None or not self.path.startswith(site.root_page.path) or self.pk == site.root_page_id:
            return []
        target_pk, ancestors = getattr(request, "route_ancestors", (None, None))
        if target_pk == self.pk and ancestors[0].pk == site.root_page_id:
            return ancestors
        return list(Page.objects.ancestor_of(self).filter(depth__gte=site.root_page.depth).order_by("depth"))

    def structured_data(self, request):
        """schema.org data of the page itself (JSON-LD); page types add their own."""
        return None

    def publisher_data(self, request):
        """The district as a schema.org GovernmentOrganization (None outside a district)."""
        home = self.district_home
        if home is None:
            return None
        district = home.district
        data = {
            "@type": "GovernmentOrganization",
            "name": district.name,
            "url": home.get_full_url(request),
            "identifier": district.code,
        }
        if district.slogan:
            data["slogan"] = district.slogan
        if district.emblem:
            data["logo"] = request.build_absolute_uri(kept_rendition(district.emblem, "fill-160x160").url)
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = self.district_home
        context["district_home"] = home
        context["district"] = home.district if home else None
        context["breadcrumbs"] = self.breadcrumbs(request)
        context["structured_data"] = self.structured_data(request)
        return context
