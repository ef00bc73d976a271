"""A plain content page (关于我们, 办事须知…): a title and blocks."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from blocks.streams import BodyBlock
from districts.pages import DistrictPageMixin


class ContentPage(DistrictPageMixin, Page):
    summary = models.TextField("摘要", max_length=200, blank=True, help_text="选填，显示在标题下方和分享卡片上。")
    body = StreamField(BodyBlock(), verbose_name="内容")

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    api_fields = [APIField("summary"), APIField("body")]
    parent_page_types = [
        "districts.DistrictHomePage",
        "districts.PortalHomePage",
        "publishing.BrandPage",
        "publishing.ContentPage",
    ]
    template = "publishing/content_page.html"

    class Meta:
        verbose_name = "内容页"
        verbose_name_plural = "内容页"

    @property
    def description(self):
        return self.search_description or self.summary

    def structured_data(self, request):
        data = {"@type": "WebPage", "name": self.title, "url": self.get_full_url(request), "inLanguage": "zh-CN"}
        if self.description:
            data["description"] = self.description
        if publisher := self.publisher_data(request):
            data["publisher"] = publisher
        return data
