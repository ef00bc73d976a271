"""A link to a page of this site or to another site: the one thing CTAs and shortcuts point at."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(
        label="站内页面", required=False, help_text="优先选择本站页面，链接会随页面移动自动更新。"
    )
    url = blocks.URLBlock(label="外部网址", required=False, help_text="只有链接到其他网站时才填写，以 https:// 开头。")

    class Meta:
        label = "链接"
        icon = "link"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError("请选择一个站内页面，或填写一个外部网址（二者选一）。")}
            )
        return value


class NavigationLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label="名称", max_length=10, help_text="导航栏上显示的文字，尽量简短，例如：治理品牌")
    link = LinkBlock(label="链接")

    class Meta:
        label = "导航项"
        icon = "link"
