"""The district's 办事服务 catalogue: the page residents browse and search services from."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from districts.pages import DistrictPageMixin


class ServiceCatalogPage(DistrictPageMixin, Page):
    intro = RichTextField("简介", blank=True, features=["bold", "link"])
    proxy_note = models.CharField(
        "代办说明",
        max_length=200,
        blank=True,
        help_text="显示在“可代办”筛选旁，例如：行动不便的老人、残疾人可联系网格员红色代办。",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("proxy_note")]
    api_fields = [APIField("intro"), APIField("proxy_note")]
    parent_page_types = ["districts.DistrictHomePage"]
    subpage_types = ["services.ServiceGuidePage"]
    max_count_per_parent = 1
    template = "services/service_catalog_page.html"

    class Meta:
        verbose_name = "办事服务目录"
        verbose_name_plural = "办事服务目录"

    @property
    def description(self):
        return self.search_description or "按类别、服务中心和生活情境查找办事指南：带什么材料、到哪里办、能不能代办。"

    def get_context(self, request, *args, **kwargs):
        from ..catalogue import browse

        context = super().get_context(request, *args, **kwargs)
        context.update(browse(request, self))
        return context

    def structured_data(self, request):
        data = {"@type": "CollectionPage", "name": self.title, "url": self.get_full_url(request), "inLanguage": "zh-CN"}
        if publisher := self.publisher_data(request):
            data["publisher"] = publisher
        return data
