"""Demo content of the publishing app: for every district, brand pages and a news section with
articles; then, once every app has loaded its own (finish), a home page composed from blocks
with shortcuts and a navigation bar to every section. Only what is missing is created, so
loading twice changes nothing."""

import datetime
import re

from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from districts.demo import emblem_png
from districts.models import DistrictHomePage
from districts.provisioning import district_collection
from snippets.models import GridWorker

from . import demo_data
from .models import ArticlePage, BrandPage, NewsIndexPage


def load(log):
    homes = DistrictHomePage.objects.filter(district__code__in=demo_data.DISTRICTS).select_related("district")
    for home in homes:
        spec = demo_data.DISTRICTS[home.district.code]
        for brand in spec["brands"]:
            _brand(home, brand)
        news = NewsIndexPage(
            title="新闻动态",
            slug="news",
            intro="<p>本地党建引领基层治理的新鲜事。</p>",
            search_description="社区里的新鲜事",
        )
        news = _child(home, news)
        for number, (date, title, summary, source, body) in enumerate(spec["news"], start=1):
            _child(news, _article(f"{date}-{number}", date, title, summary, source, body))


def finish(log):
    """Home pages, composed once the other apps' sections (我的网格员, events…) exist."""
    homes = DistrictHomePage.objects.filter(district__code__in=demo_data.DISTRICTS).select_related("district")
    for home in homes:
        if not home.body:
            _compose_home(home)
            log(f"  {home.district.name}首页：由区块组成")


def _child(parent, page):
    """The child of `parent` with `page`'s slug, published; created from `page` if missing."""
    existing = parent.get_children().filter(slug=page.slug).specific().first()
    if existing is not None:
        return existing
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _brand(home, spec):
    page = BrandPage(
        title=spec["title"],
        slug=spec["slug"],
        slogan=spec["slogan"],
        summary=spec["summary"],
        body=spec["body"],
    )
    if not home.get_children().filter(slug=spec["slug"]).exists():
        page.emblem = _brand_emblem(home.district, spec["title"])
    return _child(home, page)


def _brand_emblem(district, title):
    image_model = get_image_model()
    title = f"{title}品牌标识"
    image = image_model.objects.filter(title=title, collection=district_collection(district)).first()
    if image is None:
        image = image_model(
            title=title,
            collection=district_collection(district),
            file=ImageFile(emblem_png(district.colour_accent), name=f"brand-{district.code}.png"),
        )
        image.save()
    return image


def _article(slug, date, title, summary, source, body):
    """A news article: the summary is its lead, the body's paragraphs tell the rest."""
    return ArticlePage(
        title=title,
        slug=slug,
        date=datetime.date.fromisoformat(date),
        summary=summary,
        source=source,
        body=[demo_data.text(*body)],
    )


def _public_grid_worker(district):
    """A grid worker of the district's roster (if the roster demo made any) with a public work phone."""
    return (
        GridWorker.objects.filter(district=district, is_active=True, work_phone_public=True)
        .exclude(work_phone="")
        .order_by("pk")
        .first()
    )


def _shortcut_text(page):
    """The first clause of the page's description, if it is short enough for a shortcut."""
    description = getattr(page, "description", "") or page.search_description
    clause = re.split(r"[，。；]", description, maxsplit=1)[0]
    return clause if len(clause) <= 30 else ""


def _link(page):
    return {"page": page.pk, "url": ""}


def _compose_home(home):
    """Shortcuts to every section under the home page (news, 我的网格员…), brand cards, the latest
    news, a call to action, a grid worker's card where the roster has one, and the navigation bar."""
    children = list(home.get_children().live().specific().order_by("path"))
    brands = [page for page in children if isinstance(page, BrandPage)]
    sections = [page for page in children if not isinstance(page, BrandPage)][:8]
    shortcuts = [
        {"label": page.title[:12], "description": _shortcut_text(page), "link": _link(page)} for page in sections
    ]
    home.body = [
        {"type": "shortcuts", "value": {"heading": "快捷入口", "items": shortcuts}},
        {
            "type": "page_list",
            "value": {
                "heading": "治理品牌",
                "page_type": "brand",
                "mode": "auto",
                "count": 6,
                "pages": [],
                "style": "cards",
            },
        },
        {
            "type": "page_list",
            "value": {
                "heading": "最新动态",
                "page_type": "article",
                "mode": "auto",
                "count": 5,
                "pages": [],
                "style": "list",
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "heading": "身边的治理品牌",
                "text": "看看本地党组织怎样把服务送到居民家门口。",
                "button": "了解治理品牌",
                "link": _link(brands[0]),
            },
        },
    ]
    navigation = [("首页", home), *((page.title, page) for page in brands + sections)][:8]
    worker = _public_grid_worker(home.district)
    if worker is not None:
        home.body.append(("contact", {"heading": "我的网格员", "person": worker, "note": ""}))
    home.navigation = [{"type": "link", "value": {"label": label[:10], "link": _link(p)}} for label, p in navigation]
    home.save_revision().publish()
