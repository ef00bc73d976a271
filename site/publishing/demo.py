"""Demo content of the publishing app: for every district, brand pages, a news section with
articles, and a home page composed from blocks with a navigation bar. Only what is missing
is created, so loading twice changes nothing."""

import datetime

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
        brands = [_brand(home, brand) for brand in spec["brands"]]
        news = _child(home, NewsIndexPage(title="新闻动态", slug="news", intro="<p>本地党建引领基层治理的新鲜事。</p>"))
        for number, (date, title, summary, source) in enumerate(spec["news"], start=1):
            _child(news, _article(f"{date}-{number}", date, title, summary, source))
        if not home.body:
            _compose_home(home, brands, news)
            log(f"  {home.district.name}：{len(brands)} 个治理品牌，{len(spec['news'])} 条新闻")


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


def _article(slug, date, title, summary, source):
    return ArticlePage(
        title=title,
        slug=slug,
        date=datetime.date.fromisoformat(date),
        summary=summary,
        source=source,
        body=[demo_data.text(summary)],
    )


def _public_grid_worker(district):
    """A grid worker of the district's roster (if the roster demo made any) with a public work phone."""
    return (
        GridWorker.objects.filter(district=district, is_active=True, work_phone_public=True)
        .exclude(work_phone="")
        .order_by("pk")
        .first()
    )


def _link(page):
    return {"page": page.pk, "url": ""}


def _compose_home(home, brands, news):
    shortcuts = [{"label": b.title, "description": b.slogan, "link": _link(b)} for b in brands]
    shortcuts.append({"label": "新闻动态", "description": "社区里的新鲜事", "link": _link(news)})
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
                "heading": "有事找网格",
                "text": "遇到难事、烦心事，可以告诉您所在网格的网格员，也可以到社区党群服务中心。",
                "button": "了解治理品牌",
                "link": _link(brands[0]),
            },
        },
    ]
    navigation = [("首页", home), *((b.title, b) for b in brands), ("新闻动态", news)]
    worker = _public_grid_worker(home.district)
    if worker is not None:
        home.body.append(("contact", {"heading": "我的网格员", "person": worker, "note": ""}))
    home.navigation = [{"type": "link", "value": {"label": label[:10], "link": _link(p)}} for label, p in navigation]
    home.save_revision().publish()
