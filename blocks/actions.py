"""Blocks that send the reader somewhere: a call to action and a set of shortcuts."""

from wagtail import blocks

from .links import LinkBlock


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="标题", max_length=40)
    text = blocks.TextBlock(label="说明", max_length=200, required=False)
    button = blocks.CharBlock(label="按钮文字", max_length=12, help_text="说清楚点了会怎样，例如：查看办事指南")
    link = LinkBlock(label="按钮链接")

    class Meta:
        label = "行动按钮"
        icon = "pick"
        template = "blocks/call_to_action.html"
        description = "一段说明加一个醒目的按钮，引导居民去办事、报名或反映诉求。"
        preview_value = {
            "heading": "有事找网格",
            "text": "遇到难事、烦心事，可以告诉您所在网格的网格员。",
            "button": "查看办事指南",
            "link": {"page": None, "url": "https://www.gov.cn/"},
        }


class ShortcutBlock(blocks.StructBlock):
    label = blocks.CharBlock(label="名称", max_length=12, help_text="例如：找网格员")
    description = blocks.CharBlock(label="说明", max_length=30, required=False, help_text="例如：查我家的网格员和电话")
    link = LinkBlock(label="链接")


class ShortcutsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="标题", max_length=40, default="快捷入口")
    items = blocks.ListBlock(ShortcutBlock(), label="入口", min_num=1, max_num=8)

    class Meta:
        label = "快捷入口"
        icon = "grip"
        template = "blocks/shortcuts.html"
        description = "首页的大按钮：服务中心、志愿活动、诉求办理、我的网格员等。"
        preview_value = {
            "heading": "快捷入口",
            "items": [
                {"label": label, "description": text, "link": {"page": None, "url": "https://www.gov.cn/"}}
                for label, text in [("服务中心", "离我最近的党群服务中心"), ("找网格员", "查我家的网格员和电话")]
            ],
        }
