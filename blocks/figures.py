"""Headline figures: the numbers that show a district's work (组建小区党支部556个)."""

from wagtail import blocks


class HeadlineFigureBlock(blocks.StructBlock):
    value = blocks.DecimalBlock(label="数字", decimal_places=2, help_text="只填数字，例如 556 或 1.5")
    unit = blocks.CharBlock(label="单位", max_length=10, required=False, help_text="例如：个、名、万件、%")
    label = blocks.CharBlock(label="说明", max_length=40, help_text="例如：组建小区党支部")
    as_of = blocks.DateBlock(label="截至日期", required=False)
    source = blocks.CharBlock(label="来源", max_length=80, required=False, help_text="例如：西宁市委组织部")

    class Meta:
        label = "数字"
        icon = "order"
        template = "blocks/headline_figure.html"
        form_classname = "struct-block headline-figure-block"


class HeadlineFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="标题", max_length=40, required=False, default="治理成效")
    items = blocks.ListBlock(HeadlineFigureBlock(), label="数字", min_num=1, max_num=12)

    class Meta:
        label = "亮点数据"
        icon = "table"
        template = "blocks/headline_figures.html"
        preview_value = {
            "heading": "治理成效",
            "items": [
                {"value": "556", "unit": "个", "label": "组建小区党支部", "source": "示例"},
                {"value": "1628", "unit": "个", "label": "覆盖小区"},
            ],
        }
        description = "一组醒目的数字，每个数字写明单位、说明、截至日期和来源。"
