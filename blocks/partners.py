"""Partner units (共建单位): the organisations that work together in a brand."""

from wagtail import blocks

from .media import ImageChooserBlock


class PartnerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="单位名称", max_length=60)
    contribution = blocks.CharBlock(
        label="共建内容", max_length=120, required=False, help_text="这个单位做什么，例如：提供24小时上门服务"
    )
    logo = ImageChooserBlock(label="标识", required=False)
    url = blocks.URLBlock(label="网址", required=False)


class PartnersBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="标题", max_length=40, default="共建单位")
    partners = blocks.ListBlock(PartnerBlock(), label="单位", min_num=1)

    class Meta:
        label = "共建单位"
        icon = "group"
        template = "blocks/partners.html"
        description = "参与共建的驻区单位、企业和社会组织。"
        preview_value = {
            "heading": "共建单位",
            "partners": [
                {"name": "火车站派出所", "contribution": "联合巡逻、矛盾调解"},
                {"name": "景辉物业", "contribution": "24小时上门服务"},
            ],
        }
