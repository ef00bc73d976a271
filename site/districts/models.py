"""Districts and the pages that carry them: a portal home and one home page per district."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from blocks.figures import HeadlineFiguresBlock
from blocks.links import NavigationLinkBlock
from blocks.streams import BodyBlock

from . import codes
from .colours import WHITE, ColourField, brand_colour_errors
from .pages import DistrictPageMixin, district_home_of, shared_district_home
from .restrictions import ViewRestrictionsInOneQuery
from .routing import PathRouting


class District(models.Model):
    """A 市/州/区/县 that publishes its governance work on this site."""

    name = models.CharField("名称", max_length=50, unique=True, help_text="例如：西宁市、海东市乐都区")
    short_name = models.CharField("简称", max_length=20, blank=True, help_text="导航和卡片上使用，例如：西宁")
    code = models.CharField(
        "行政区划代码",
        max_length=6,
        unique=True,
        validators=[codes.validate_code],
        help_text="6位数字，按《中华人民共和国行政区划代码》填写，例如 630100。",
        error_messages={"unique": "行政区划代码已被另一个行政区使用。"},
    )
    level = models.CharField("层级", max_length=12, choices=codes.LEVEL_CHOICES)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级行政区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    slogan = models.CharField("治理品牌口号", max_length=120, blank=True)
    emblem = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="品牌标识",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    colour_primary = ColourField(
        "品牌主色",
        default="#b5121b",
        help_text="十六进制颜色，用于页眉和按钮底色，也用作白底上的链接色。",
    )
    colour_on_primary = ColourField(
        "主色上的文字色",
        default=WHITE,
        help_text="页眉和按钮上文字的颜色，与主色的对比度须达到 4.5:1。",
    )
    colour_accent = ColourField(
        "辅助色",
        default="#8a5a00",
        help_text="数字、标签等强调内容的颜色，用在白底上，对比度须达到 4.5:1。",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name="图片文档分类",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="district",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("code"),
                FieldPanel("level"),
                FieldPanel("parent"),
            ],
            heading="行政区",
        ),
        MultiFieldPanel(
            [
                FieldPanel("slogan"),
                FieldPanel("emblem"),
                FieldPanel("colour_primary"),
                FieldPanel("colour_on_primary"),
                FieldPanel("colour_accent"),
            ],
            heading="治理品牌",
        ),
    ]

    class Meta:
        verbose_name = "行政区"
        verbose_name_plural = "行政区"
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name

    def clean(self):
        errors = brand_colour_errors(self.colour_primary, self.colour_on_primary, self.colour_accent)
        errors.update(self._hierarchy_errors())
        if errors:
            raise ValidationError(errors)

    def _hierarchy_errors(self):
        code = self.code or ""
        try:
            codes.validate_code(code)
        except ValidationError:
            return {}  # the field validator reports it
        if self.level and codes.level_of(code) != self.level:
            expected = dict(codes.LEVEL_CHOICES)[codes.level_of(code)]
            return {"level": f"行政区划代码 {code} 对应的层级是“{expected}”。"}
        parent = self.parent
        if parent is None:
            return {}
        if parent.pk == self.pk:
            return {"parent": "上级行政区不能是它自己。"}
        if codes.LEVEL_RANK[parent.level] >= codes.LEVEL_RANK[self.level]:
            return {"parent": f"上级行政区“{parent}”的层级须高于本行政区。"}
        if not codes.code_contains(parent.code, code):
            return {"parent": f"行政区划代码 {code} 不属于上级行政区“{parent}”（{parent.code}）。"}
        return {}


class DistrictRole(models.Model):
    """Membership: a group of users that works for one district in one role."""

    EDITOR, REVIEWER, LEADER, DATA_ADMIN = "editor", "reviewer", "leader", "data_admin"
    ROLE_CHOICES = [(EDITOR, "宣传员"), (REVIEWER, "审核员"), (LEADER, "分管领导"), (DATA_ADMIN, "数据管理员")]

    group = models.OneToOneField(Group, verbose_name="用户组", on_delete=models.CASCADE, related_name="district_role")
    district = models.ForeignKey(District, verbose_name="行政区", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("角色", max_length=20, choices=ROLE_CHOICES)

    class Meta:
        verbose_name = "行政区角色"
        verbose_name_plural = "行政区角色"
        constraints = [models.UniqueConstraint(fields=["district", "role"], name="one_group_per_district_role")]

    def __str__(self):
        return f"{self.district} · {self.get_role_display()}"


class PortalHomePage(PathRouting, ViewRestrictionsInOneQuery, Page):
    """The portal: the entry page that lists every district's site."""

    intro = RichTextField("简介", blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["districts.DistrictHomePage"]
    template = "districts/portal_home_page.html"

    # What base.html asks every page (a district page has them from DistrictPageMixin): a lookup
    # that fails costs the template engine a dir() of the whole page class.
    og_type = "website"
    brand_colours = social_image = None

    class Meta:
        verbose_name = "门户首页"

    @property
    def description(self):
        return self.search_description

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["district_pages"] = (
            DistrictHomePage.objects.child_of(self)
            .live()
            .defer("intro", "figures", "body", "navigation")  # a card shows the district only
            .select_related("district", "district__emblem")
            .prefetch_related("district__emblem__renditions")
        )
        return context


class DistrictHomePage(PathRouting, RoutablePageMixin, DistrictPageMixin, Page):
    """The home page of one district; everything the district publishes lives below it."""

    district = models.OneToOneField(
        District,
        verbose_name="行政区",
        on_delete=models.PROTECT,
        related_name="home_page",
        help_text="一个行政区只有一个首页。",
        error_messages={"unique": "这个行政区已经有首页了。"},
    )
    intro = RichTextField("简介", blank=True, features=["bold", "italic", "link"])
    figures = StreamField(
        [("figures", HeadlineFiguresBlock())],
        verbose_name="亮点数据",
        blank=True,
        max_num=1,
        help_text="首页展示的治理成效数字，每项写明数字、单位、说明、截至日期和来源。",
    )
    body = StreamField(
        BodyBlock(),
        verbose_name="首页内容",
        blank=True,
        help_text="由区块组成：快捷入口、治理品牌卡片、最新动态、行动按钮等，可拖动排序。",
    )
    navigation = StreamField(
        [("link", NavigationLinkBlock())],
        verbose_name="导航栏",
        blank=True,
        max_num=8,
        help_text="本行政区所有页面顶部的导航链接，最多8项。",
    )

    content_panels = Page.content_panels + [
        FieldPanel("district"),
        FieldPanel("intro"),
        FieldPanel("figures"),
        FieldPanel("body"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="内容"),
            ObjectList([FieldPanel("navigation")], heading="导航"),
            ObjectList(Page.promote_panels, heading="推广"),
            ObjectList(Page.settings_panels, heading="设置"),
        ]
    )
    api_fields = [
        APIField("district_info"),
        APIField("intro"),
        APIField("figures"),
        APIField("body"),
    ]
    parent_page_types = ["districts.PortalHomePage", "wagtailcore.Page"]
    template = "districts/district_home_page.html"

    class Meta:
        verbose_name = "行政区首页"

    @cached_property
    def district_home(self):
        """Itself, with its district, emblem and emblem renditions fetched in one go."""
        home = shared_district_home(self)
        if home is not None:
            self.district = home.district
        return self

    @property
    def district_info(self):
        """The district's public fields, for the API."""
        district = self.district
        return {
            "name": district.name,
            "short_name": district.display_name,
            "code": district.code,
            "level": district.level,
            "slogan": district.slogan,
            "emblem": district.emblem_id,
            "colours": {
                "primary": district.colour_primary,
                "on_primary": district.colour_on_primary,
                "accent": district.colour_accent,
            },
        }

    @property
    def description(self):
        return self.search_description or self.district.slogan

    def structured_data(self, request):
        return self.publisher_data(request)

    @path("search/", name="search")
    def search_page(self, request):
        """The district's search page: <home>/search/?q=… (site/search)."""
        from search.views import search_response

        return search_response(request, self)


def district_for_page(page):
    """The district a page belongs to: that of its nearest district home page, or None."""
    home = district_home_of(page)
    return home.district if home else None
