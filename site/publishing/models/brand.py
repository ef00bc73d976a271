"""Brand story pages: a named governance programme such as 夏都枢纽党建联盟 or 红心服务集市."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from blocks.streams import BodyBlock
from districts.colours import ColourField, brand_colour_errors
from districts.pages import DistrictPageMixin


class BrandPage(DistrictPageMixin, Page):
    emblem = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="品牌标识",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="方形图片效果最好；留空则使用行政区的标识。",
    )
    slogan = models.CharField("品牌口号", max_length=60, blank=True, help_text="例如：一张网格强基础")
    summary = models.TextField("一句话介绍", max_length=160, help_text="显示在首页的品牌卡片和分享卡片上，160字以内。")
    colour_primary = ColourField("品牌主色", blank=True, help_text="选填；留空则沿用行政区的主色。")
    colour_on_primary = ColourField("主色上的文字色", blank=True, help_text="与品牌主色同时填写，对比度须达到 4.5:1。")
    colour_accent = ColourField("辅助色", blank=True, help_text="选填；用在白底上，对比度须达到 4.5:1。")
    body = StreamField(
        BodyBlock(),
        verbose_name="品牌内容",
        help_text="建议依次写：是什么、怎么运转（流程步骤）、组织架构、成效数字、共建单位、图集。",
    )

    content_panels = Page.content_panels + [
        FieldPanel("slogan"),
        FieldPanel("summary"),
        FieldPanel("emblem"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("colour_primary"), FieldPanel("colour_on_primary"), FieldPanel("colour_accent")],
            heading="品牌配色（选填）",
            classname="collapsed",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("slogan"),
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    api_fields = [
        APIField("slogan"),
        APIField("summary"),
        APIField("emblem"),
        APIField("colour_primary"),
        APIField("colour_on_primary"),
        APIField("colour_accent"),
        APIField("body"),
    ]
    parent_page_types = ["districts.DistrictHomePage"]
    subpage_types = ["publishing.ContentPage"]
    template = "publishing/brand_page.html"
    og_type = "article"

    class Meta:
        verbose_name = "治理品牌"
        verbose_name_plural = "治理品牌"

    def clean(self):
        super().clean()
        errors = brand_colour_errors(self.colour_primary, self.colour_on_primary, self.colour_accent, required=False)
        if errors:
            raise ValidationError(errors)

    @classmethod
    def listing_queryset(cls):
        return (
            cls.objects.live().public().select_related("emblem").prefetch_related("emblem__renditions").order_by("path")
        )

    @property
    def card_image(self):
        return self.emblem

    @property
    def card_text(self):
        return self.summary

    card_date = None

    @property
    def brand_colours(self):
        colours = super().brand_colours
        if colours is None:
            return None
        if self.colour_primary:
            colours |= {"primary": self.colour_primary, "on_primary": self.colour_on_primary}
        if self.colour_accent:
            colours["accent"] = self.colour_accent
        return colours

    @property
    def social_image(self):
        return self.emblem or super().social_image

    @property
    def description(self):
        return self.search_description or self.summary

    def structured_data(self, request):
        data = {
            "@type": "Article",
            "headline": self.title,
            "description": self.description,
            "url": self.get_full_url(request),
            "inLanguage": "zh-CN",
        }
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.first_published_at:
            data["datePublished"] = self.first_published_at.isoformat()
        if publisher := self.publisher_data(request):
            data["publisher"] = data["author"] = publisher
        return data
