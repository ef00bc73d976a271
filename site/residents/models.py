"""我的网格员: residents find their grid and its workers' public contact cards."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from districts.pages import DistrictPageMixin

from .finder import find


class GridFinderPage(DistrictPageMixin, Page):
    """One per district, right under its home page; shows only that district's grids."""

    intro = RichTextField(
        "说明",
        blank=True,
        features=["bold", "link"],
        help_text="显示在标题下方，例如：选择您所在的街道、社区和网格，就能找到为您服务的网格员。",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["districts.DistrictHomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "residents/grid_finder_page.html"

    class Meta:
        verbose_name = "我的网格员"
        verbose_name_plural = "我的网格员"

    @property
    def description(self):
        return self.search_description or "选择街道、社区和网格，或输入小区、楼栋名称，找到为您服务的网格员。"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        district = context.get("district")
        context["finder"] = find(district, request.GET) if district is not None else None
        return context

    def structured_data(self, request):
        data = {"@type": "WebPage", "name": self.title, "url": self.get_full_url(request), "inLanguage": "zh-CN"}
        if publisher := self.publisher_data(request):
            data["publisher"] = publisher
        return data
