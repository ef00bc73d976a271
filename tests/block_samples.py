"""A page body with every kind of block, for tests that need all block templates at once."""

from blocks.streams import BodyBlock
from publishing.models import BrandPage


def preview(name):
    """The block's own preview value, in raw form."""
    block = BodyBlock().child_blocks[name]
    return block.get_prep_value(block.get_preview_value())


TABLE = {
    "caption": "服务网点",
    "columns": [{"type": "text", "heading": "网点"}, {"type": "number", "heading": "窗口数"}],
    "rows": [{"values": ["文化街社区", "10"]}, {"values": ["古城东社区", "8"]}],
}


def many_blocks(images, times=1, workers=()):
    """Every kind of block (contact cards only with `workers`), `times` over, with images in each
    image-bearing block."""
    image = {"image": images[0].pk, "alt": "图", "caption": "图注", "credit": ""}
    gallery = {"heading": "图集", "images": [dict(image, image=i.pk) for i in images]}
    partners = {
        "heading": "共建单位",
        "partners": [
            {"name": f"单位{i}", "contribution": "", "logo": img.pk, "url": ""} for i, img in enumerate(images)
        ],
    }
    page_list = {"heading": "品牌", "page_type": "brand", "mode": "auto", "count": 12, "pages": [], "style": "cards"}
    news_list = dict(page_list, page_type="article", style="list")
    shortcuts = {
        "heading": "入口",
        "items": [
            {"label": p.title[:12], "description": "", "link": {"page": p.pk, "url": ""}}
            for p in BrandPage.objects.all()
        ],
    }
    contacts = [{"type": "contact", "value": {"heading": "网格员", "person": w.pk, "note": ""}} for w in workers]
    blocks = []
    for _ in range(times):
        blocks += contacts
        blocks += [
            {"type": "image", "value": image},
            {"type": "gallery", "value": gallery},
            {"type": "partners", "value": partners},
            {"type": "shortcuts", "value": shortcuts},
            {"type": "rich_text", "value": "<p>正文</p>"},
            {"type": "quote", "value": {"quote": "引语", "attribution": ""}},
            {"type": "table", "value": TABLE},
            {
                "type": "call_to_action",
                "value": dict(shortcuts["items"][0], heading="行动", text="说明", button="去看看"),
            },
            *(
                {"type": name, "value": preview(name)}
                for name in ("figures", "process", "org_structure", "timeline", "faq")
            ),
        ]
    return blocks + [{"type": "page_list", "value": page_list}, {"type": "page_list", "value": news_list}]
