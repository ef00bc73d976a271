"""The public demand dashboard of a district (诉求办理公开), its "how to read" page and its open data."""

import csv
import io
import json

from django.http import HttpResponse
from django.utils.encoding import escape_uri_path
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from districts.pages import DistrictPageMixin


class CaseBlock(blocks.StructBlock):
    """民有所呼、我有所应: one case told by the editor, in words that name no one."""

    title = blocks.CharBlock(label="标题", max_length=60, help_text="例如：老旧小区路灯不亮，三天修好。")
    community = blocks.CharBlock(label="社区", required=False, max_length=50)
    call = blocks.TextBlock(
        label="民有所呼",
        help_text="群众反映了什么。请不要写姓名、电话、门牌号等能认出具体人的信息。",
    )
    response = blocks.TextBlock(label="我有所应", help_text="社区和承办单位是怎样办的，结果如何。")
    resolved_in = blocks.CharBlock(label="办理用时", required=False, max_length=30, help_text="例如：3天。")

    class Meta:
        label = "办理案例"
        icon = "openquote"
        template = "demands/blocks/case.html"


class DemandDashboardPage(RoutablePageMixin, DistrictPageMixin, Page):
    """One per district, under its home page: the figures of residents' demands, from summaries only."""

    intro = RichTextField(
        "说明",
        blank=True,
        features=["bold", "link"],
        help_text="显示在标题下方，例如：群众点单、社区派单、单位接单、群众评单，每月公开办理情况。",
    )
    cases = StreamField(
        [("case", CaseBlock())],
        verbose_name="民有所呼、我有所应",
        blank=True,
        help_text="编辑撰写的办理案例，显示在数据旁边。",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("cases")]
    parent_page_types = ["districts.DistrictHomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "demands/dashboard_page.html"

    class Meta:
        verbose_name = "诉求办理公开"
        verbose_name_plural = "诉求办理公开"

    @property
    def description(self):
        return self.search_description or "居民诉求受理、办结、按时办结率和满意率，按月公开。"

    def dashboard(self, request):
        from .dashboard import Dashboard

        return Dashboard(self.district, request.GET)

    @path("", name="index")
    def index(self, request):
        return self.render(request, context_overrides={"dashboard": self.dashboard(request)})

    @path("guide/", name="guide")
    def guide(self, request):
        from .figures import DEFINITIONS, PRIVACY_NOTES, SMALL, accept_hours, min_sample

        return self.render(
            request,
            template="demands/guide.html",
            context_overrides={
                "definitions": DEFINITIONS,
                "privacy_notes": PRIVACY_NOTES,
                "small": SMALL,
                "min_sample": min_sample(),
                "accept_hours": accept_hours(),
            },
        )

    @path("opendata/csv/", name="data_csv")
    def data_csv(self, request):
        dashboard = self.dashboard(request)
        out = io.StringIO()
        out.write("\ufeff")  # so that Excel reads UTF-8
        writer = csv.writer(out)
        writer.writerow([label for _key, label in dashboard.OPEN_FIELDS])
        for row in dashboard.open_rows():
            writer.writerow([row[key] for key, _label in dashboard.OPEN_FIELDS])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        return self._attachment(response, dashboard, "csv")

    @path("opendata/json/", name="data_json")
    def data_json(self, request):
        dashboard = self.dashboard(request)
        data = {
            "district": {"code": self.district.code, "name": self.district.name},
            "community": dashboard.community.name if dashboard.community else None,
            "period": dashboard.period.label if dashboard.period else None,
            "fields": dict(dashboard.OPEN_FIELDS),
            "note": "按月、按社区、按类别的汇总；少于3件的格子显示为“<3”。不含任何诉求内容或个人信息。",
            "rows": dashboard.open_rows(),
        }
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
        return self._attachment(response, dashboard, "json")

    def _attachment(self, response, dashboard, ext):
        name = f"{dashboard.scope_label.replace(' · ', '-')}-诉求汇总.{ext}"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def structured_data(self, request):
        data = {"@type": "WebPage", "name": self.title, "url": self.get_full_url(request), "inLanguage": "zh-CN"}
        if publisher := self.publisher_data(request):
            data["publisher"] = publisher
        return data
