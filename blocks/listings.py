"""Lists of pages (brands, news, service guides, events) for a page's body: chosen by hand or
filled in automatically.

A page type takes part by being named in LISTABLE and by having a classmethod
`listing_queryset()` (its live pages, ordered, with what a card shows fetched
along) and the card attributes `card_image`, `card_text` and `card_date`.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

# type key -> (model, label).
LISTABLE = {
    "brand": ("publishing.BrandPage", "治理品牌"),
    "article": ("publishing.ArticlePage", "新闻动态"),
    "service": ("services.ServiceGuidePage", "办事指南"),
    "event": ("events.EventPage", "志愿活动"),
}
AUTO, CHOSEN = "auto", "chosen"


def listable_model(key):
    return apps.get_model(LISTABLE[key][0])


class PageListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="标题", max_length=40, help_text="例如：治理品牌、最新动态")
    page_type = blocks.ChoiceBlock(
        label="列出什么",
        choices=[(key, label) for key, (_model, label) in LISTABLE.items()],
        default="brand",
    )
    mode = blocks.ChoiceBlock(
        label="怎么选",
        choices=[(AUTO, "自动：本行政区最新发布的"), (CHOSEN, "手动：只列下面选中的页面")],
        default=AUTO,
    )
    count = blocks.IntegerBlock(label="最多显示几条", min_value=1, max_value=12, default=6)
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(page_type=[model for model, _label in LISTABLE.values()], label="页面"),
        label="选中的页面",
        required=False,
        default=[],
        help_text="“手动”时按这里的顺序显示；所选页面须与“列出什么”一致。",
    )
    style = blocks.ChoiceBlock(label="样式", choices=[("cards", "卡片"), ("list", "列表")], default="cards")

    class Meta:
        label = "页面列表"
        icon = "list-ul"
        template = "blocks/page_list.html"
        description = "列出治理品牌、新闻、办事指南或志愿活动：自动列出本行政区最新的，或手动挑选。"
        preview_value = {"heading": "治理品牌", "page_type": "brand", "mode": AUTO, "count": 3, "style": "cards"}

    def clean(self, value):
        value = super().clean(value)
        if value["mode"] == CHOSEN:
            model = listable_model(value["page_type"])
            chosen = [page for page in value["pages"] if page is not None]
            if not chosen:
                raise StructBlockValidationError(
                    block_errors={"pages": ValidationError("“手动”方式须至少选择一个页面。")}
                )
            wrong = [page.title for page in chosen if not issubclass(page.specific_class, model)]
            if wrong:
                label = LISTABLE[value["page_type"]][1]
                raise StructBlockValidationError(
                    block_errors={"pages": ValidationError(f"这些页面不是“{label}”：{'、'.join(wrong)}。")}
                )
        return value

    def pages_for(self, value, home):
        """The pages to show, in order: two queries (pages, renditions) however many there are."""
        model = listable_model(value["page_type"])
        queryset = model.listing_queryset()
        if value["mode"] == CHOSEN:
            ids = [page.pk for page in value["pages"] if page is not None][: value["count"]]
            found = queryset.in_bulk(ids)
            return [found[pk] for pk in ids if pk in found]
        if home is not None:
            queryset = queryset.descendant_of(home)
        return list(queryset[: value["count"]])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["pages"] = self.pages_for(value, (parent_context or {}).get("district_home"))
        return context
