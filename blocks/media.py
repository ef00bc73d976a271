"""Images in blocks: a chooser that fetches renditions with the images, a captioned image and a gallery."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock as WagtailImageChooserBlock


class ImageChooserBlock(WagtailImageChooserBlock):
    """Wagtail's image chooser, but the images of all blocks of a page arrive with their renditions
    in two queries, however many images the page shows."""

    def bulk_to_python(self, values):
        objects = self.model_class.objects.prefetch_renditions().in_bulk([v for v in values if v is not None])
        return [objects.get(v) for v in values]


def latest_image():
    """The newest image in the library, for block previews in the admin (None when there is none)."""
    from wagtail.images import get_image_model

    return get_image_model().objects.order_by("-pk").first()


def _image_preview():
    return {"image": latest_image(), "alt": "", "caption": "社区党群服务中心", "credit": "示例图片"}


def _gallery_preview():
    return {"heading": "活动剪影", "images": [_image_preview(), _image_preview()]}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="图片")
    alt = blocks.CharBlock(
        label="图片说明（替代文字）",
        max_length=120,
        required=False,
        help_text="用一句话说明图片里有什么，供看不见图片的读者使用；留空则使用图片标题。",
    )
    caption = blocks.CharBlock(label="图注", max_length=200, required=False, help_text="显示在图片下方。")
    credit = blocks.CharBlock(label="图片来源", max_length=60, required=False, help_text="例如：西宁市委组织部供图")

    class Meta:
        label = "图片"
        icon = "image"
        template = "blocks/captioned_image.html"
        description = "一张图片，配图注和来源。"
        preview_value = staticmethod(_image_preview)


class GalleryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="标题", max_length=40, required=False, help_text="例如：活动剪影")
    images = blocks.ListBlock(CaptionedImageBlock(), label="图片", min_num=2, max_num=24)

    class Meta:
        label = "图集"
        icon = "image"
        template = "blocks/gallery.html"
        description = "一组图片，手机上两列排列，每张可写图注。"
        preview_value = staticmethod(_gallery_preview)
