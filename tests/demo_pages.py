"""The pages the HTML and accessibility checks visit: every kind of demo page, plus a page
with every block type, the 404 page and the display switch's error page."""

from wagtail.images import get_image_model

from districts.models import DistrictHomePage, PortalHomePage
from publishing.models import ArticlePage, BrandPage, ContentPage, NewsIndexPage
from services.models import ServiceCatalogPage, ServiceGuidePage
from snippets.models import Community, GridWorker
from tests.block_samples import many_blocks


def all_blocks_page():
    """A published content page under 西宁 with every block type (and a contact card)."""
    home = DistrictHomePage.objects.get(slug="xining")
    existing = ContentPage.objects.child_of(home).filter(slug="all-blocks").first()
    if existing:
        return existing
    images = list(get_image_model().objects.all()[:4])
    community = Community.objects.filter(district=home.district).first()
    worker, _ = GridWorker.objects.get_or_create(
        district=home.district,
        mobile="13900000001",
        defaults={
            "community": community,
            "name": "王网格",
            "role": "专职网格员",
            "photo": images[0],
            "work_phone": "0971-8000000",
            "work_phone_public": True,
        },
    )
    page = ContentPage(title="区块示例", slug="all-blocks", body=many_blocks(images, workers=[worker]))
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def demo_urls():
    """One URL per page type and district, relative to the portal's site."""
    pages = [PortalHomePage.objects.get()]
    for home in DistrictHomePage.objects.live().order_by("path"):
        pages.append(home)
        pages += [BrandPage.objects.child_of(home).live().order_by("path").first()]
        news = NewsIndexPage.objects.child_of(home).live().first()
        if news:
            pages += [news, ArticlePage.objects.child_of(news).live().order_by("path").first()]
        catalogue = ServiceCatalogPage.objects.child_of(home).live().first()
        if catalogue:
            guides = ServiceGuidePage.objects.child_of(catalogue).live().order_by("path")
            pages += [catalogue, guides.filter(slug="gaoling-jintie").first() or guides.first()]
    pages.append(all_blocks_page())
    urls = [page.url for page in pages if page is not None]
    # The catalogue with a search and every filter on (results, chosen conditions, messages).
    filtered = [f"{catalogue.url}?q=养老&proxy=1&open=1" for catalogue in ServiceCatalogPage.objects.live()[:1]]
    return [*urls, *filtered, "/no-such-page/", "/display/?mode=huge"]
