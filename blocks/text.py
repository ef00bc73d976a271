"""Text blocks: rich text, quote, FAQ and table."""

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        label = "正文"
        icon = "pilcrow"
        template = "blocks/rich_text.html"
        description = "段落文字，可加小标题、列表和链接。"
        preview_value = "<h2>是什么</h2><p>以党建引领，把服务送到居民家门口。</p>"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label="引语", max_length=400)
    attribution = blocks.CharBlock(label="出处", max_length=80, required=False, help_text="例如：文亭巷社区居民 王阿姨")

    class Meta:
        label = "引语"
        icon = "openquote"
        template = "blocks/quote.html"
        description = "一段醒目的引语，例如居民或党员的一句话。"
        preview_value = {"quote": "有事找网格员，一个电话就到。", "attribution": "社区居民"}


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="问题", max_length=120)
    answer = RichTextBlock(label="回答", features=["bold", "ol", "ul", "link"])


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="标题", max_length=40, default="常见问题")
    items = blocks.ListBlock(FaqItemBlock(), label="问答", min_num=1)

    class Meta:
        label = "常见问题"
        icon = "help"
        template = "blocks/faq.html"
        description = "一问一答；每个问题可以点开看回答，不用脚本也能用。"
        preview_value = {
            "heading": "常见问题",
            "items": [{"question": "红色代办能办哪些事？", "answer": "<p>养老保险、医疗保险、水电费代缴等。</p>"}],
        }


class TableBlock(TypedTableBlock):
    def __init__(self, **kwargs):
        super().__init__(
            [
                ("text", blocks.CharBlock(label="文字")),
                ("number", blocks.DecimalBlock(label="数字")),
                ("rich_text", RichTextBlock(label="带格式文字", features=["bold", "link"])),
            ],
            **kwargs,
        )

    class Meta:
        label = "表格"
        icon = "table"
        template = "blocks/table.html"
        description = "有表头的数据表，可填写表格标题；手机上可左右滑动。"
        preview_value = {
            "caption": "社区服务窗口",
            "columns": [{"type": "text", "heading": "社区"}, {"type": "number", "heading": "窗口数"}],
            "rows": [{"values": ["文化街社区", "10"]}, {"values": ["古城东社区", "8"]}],
        }
