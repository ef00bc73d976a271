"""The district's 办事服务 catalogue: the page residents browse and search services from."""

import json

from django.db import models
from django.http import HttpResponse
from django.utils.encoding import escape_uri_path
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from districts.pages import DistrictPageMixin


class ServiceCatalogPage(RoutablePageMixin, DistrictPageMixin, Page):
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

    # -- open data: the catalogue in Open Referral's HSDS 3.0 shape (services.hsds) -------------------

    def hsds_tables(self, request):
        from .. import hsds

        return hsds.tables(self.district_home, request.build_absolute_uri("/").rstrip("/"))

    @path("opendata/hsds/json/", name="hsds_json")
    def hsds_json(self, request):
        from .. import hsds

        data = {"version": hsds.VERSION, "services": hsds.as_services(self.hsds_tables(request))}
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
        return self._open_data(response, "json")

    @path("opendata/hsds/zip/", name="hsds_zip")
    def hsds_zip(self, request):
        from .. import hsds

        name = f"{self.district.name}办事服务目录"
        return self._open_data(HttpResponse(hsds.as_zip(self.hsds_tables(request), name), "application/zip"), "zip")

    def _open_data(self, response, ext):
        name = f"{self.district.name}办事服务目录-HSDS.{ext}"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
        response["Access-Control-Allow-Origin"] = "*"  # open data: any directory may fetch it
        return response

    def structured_data(self, request):
        data = {"@type": "CollectionPage", "name": self.title, "url": self.get_full_url(request), "inLanguage": "zh-CN"}
        if publisher := self.publisher_data(request):
            data["publisher"] = publisher
        return data
