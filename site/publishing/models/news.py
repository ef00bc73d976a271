"""News: an index page per district and the articles below it."""

import datetime

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from blocks.streams import BodyBlock
from districts.pages import DistrictPageMixin

ARTICLES_PER_PAGE = 10


def today():
    return timezone.localdate()


class NewsIndexPage(DistrictPageMixin, Page):
    intro = RichTextField("简介", blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["districts.DistrictHomePage"]
    subpage_types = ["publishing.ArticlePage"]
    max_count_per_parent = 1
    template = "publishing/news_index_page.html"

    class Meta:
        verbose_name = "新闻栏目"
        verbose_name_plural = "新闻栏目"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.listing_queryset().child_of(self)
        # get_page() turns a missing, non-numeric or too large ?page= into the first or last page.
        context["articles"] = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
        return context


class ArticlePage(DistrictPageMixin, Page):
    date = models.DateField("发布日期", default=today, help_text="新闻按这个日期从新到旧排列。")
    summary = models.TextField("摘要", max_length=200, help_text="显示在新闻列表和分享卡片上，200字以内。")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="题图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        "题图说明（替代文字）", max_length=120, blank=True, help_text="用一句话说明图片内容；留空则使用图片标题。"
    )
    source = models.CharField("来源", max_length=60, blank=True, help_text="例如：西宁市委组织部")
    body = StreamField(BodyBlock(), verbose_name="正文")

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("source")], heading="发布信息"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading="题图"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("image"),
        APIField("image_alt"),
        APIField("source"),
        APIField("body"),
    ]
    parent_page_types = ["publishing.NewsIndexPage"]
    subpage_types = []
    template = "publishing/article_page.html"
    og_type = "article"

    class Meta:
        verbose_name = "新闻"
        verbose_name_plural = "新闻"

    @classmethod
    def listing_queryset(cls):
        return (
            cls.objects.live()
            .public()
            .select_related("image")
            .prefetch_related("image__renditions")
            .order_by("-date", "-pk")
        )

    @property
    def card_image(self):
        return self.image

    @property
    def card_text(self):
        return self.summary

    @property
    def card_date(self):
        return self.date

    @property
    def social_image(self):
        return self.image or super().social_image

    @property
    def description(self):
        return self.search_description or self.summary

    def structured_data(self, request):
        published = datetime.datetime.combine(self.date, datetime.time(), tzinfo=timezone.get_current_timezone())
        data = {
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.description,
            "datePublished": published.isoformat(),
            "url": self.get_full_url(request),
            "inLanguage": "zh-CN",
        }
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.image:
            data["image"] = request.build_absolute_uri(self.image.get_rendition("fill-1200x630").url)
        if publisher := self.publisher_data(request):
            data["publisher"] = data["author"] = publisher
        return data
