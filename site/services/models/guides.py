"""办事指南: one page per service, with the fields a Chinese service guide carries.

The lists of a guide (材料, 流程, 地点, 常见问题, 相关事项) are orderable rows rather than
StreamFields: an importer fills them from one cell each, the search index reads them as
related fields, and a place row can point at a centre and a window.
"""

import copy
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail.search import index

from districts.pages import DistrictPageMixin
from pagecache import shared

from ..forms import ServiceGuideForm
from ..phones import normalize_phones, validate_phones, validate_web_link
from . import rules

VISIT_CHOICES = [(0, "0次（网上办或代办，不用跑）"), (1, "最多跑一次"), (2, "最多跑两次"), (3, "需到现场3次及以上")]
VISIT_LABELS = {0: "0次", 1: "最多跑一次", 2: "最多跑两次", 3: "3次及以上"}
PROXY_CHOICES = [("红色代办", "红色代办（网格员、党员上门代办）"), ("代办服务", "代办服务（社区工作人员代办）")]
CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-]{0,39}$")


@dataclass(frozen=True)
class GuideParts:
    category: object
    materials: list
    steps: list
    places: list  # with their centre and window
    questions: list
    related: list  # the live related guides


class ServiceGuidePage(DistrictPageMixin, Page):
    code = models.CharField(
        "事项编码",
        max_length=40,
        blank=True,
        help_text="政务服务事项编码，字母、数字和连字符，例如 000517010000；本行政区内不能重复。",
    )
    category = models.ForeignKey(
        "services.ServiceCategory", verbose_name="服务类别", on_delete=models.PROTECT, related_name="guides"
    )
    life_situations = ParentalManyToManyField(
        "services.LifeSituation",
        verbose_name="生活情境",
        blank=True,
        related_name="guides",
        help_text="居民按生活中遇到的事找服务：养老、就医、生育……可多选。",
    )
    audience = models.TextField("服务对象", max_length=500, help_text="谁可以办，例如：本市户籍80周岁以上老年人。")
    conditions = models.TextField("办理条件", blank=True, help_text="受理条件，一条一行。")
    legal_basis = models.TextField("设定依据", blank=True, help_text="法律、法规或政策文件的名称和条款，一条一行。")
    legal_time_limit = models.CharField("法定时限", max_length=40, blank=True, help_text="例如：20个工作日")
    promised_time_limit = models.CharField(
        "承诺时限", max_length=40, blank=True, help_text="例如：即办、3个工作日；应不长于法定时限。"
    )
    visits = models.PositiveSmallIntegerField(
        "到现场次数", choices=VISIT_CHOICES, null=True, blank=True, validators=[MaxValueValidator(3)]
    )
    fees = models.CharField("收费标准", max_length=200, default="不收费")
    hours = models.TextField(
        "办理时间",
        blank=True,
        max_length=300,
        help_text="通用的办理时间；某个地点时间不同时，在该地点里另填。",
    )
    consult_phone = models.CharField(
        "咨询电话",
        max_length=80,
        blank=True,
        validators=[validate_phones],
        help_text="手机、带区号的座机或政务热线（如 12345），多个用“、”分隔。",
    )
    complaint_phone = models.CharField(
        "监督投诉电话", max_length=80, blank=True, validators=[validate_phones], help_text="例如：12345"
    )
    can_proxy = models.BooleanField("可代办", default=False, help_text="行动不便的居民可以请人代为办理。")
    proxy_kind = models.CharField(
        "代办方式",
        max_length=10,
        choices=PROXY_CHOICES,
        blank=True,
        help_text="勾选“可代办”而未选方式时按“代办服务”保存。",
    )
    proxy_how = models.TextField(
        "怎样申请代办",
        blank=True,
        max_length=500,
        help_text="例如：联系所在网格的网格员，或拨打社区电话预约上门。",
    )
    online_url = models.URLField(
        "在线办理",
        max_length=500,
        blank=True,
        validators=[validate_web_link],
        help_text="网上办理的网址，须以 http:// 或 https:// 开头。",
    )
    online_name = models.CharField(
        "在线办理渠道", max_length=40, blank=True, help_text="例如：青海政务服务网、“爱玉门”APP"
    )
    import_batch = models.ForeignKey(
        "importers.ImportBatch",
        verbose_name="导入批次",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="由表格导入新建时的导入批次；撤销该批次会删除本页。",
    )

    base_form_class = ServiceGuideForm
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("category"), FieldPanel("code")]),
        FieldPanel("life_situations", widget=forms.CheckboxSelectMultiple),
        FieldPanel("audience"),
        FieldPanel("conditions"),
        FieldPanel("legal_basis"),
        InlinePanel("materials", heading="所需材料", label="材料"),
        InlinePanel("steps", heading="办理流程", label="步骤"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("legal_time_limit"), FieldPanel("promised_time_limit")]),
                FieldRowPanel([FieldPanel("visits"), FieldPanel("fees")]),
            ],
            heading="时限和收费",
        ),
        InlinePanel("places", heading="办理地点", label="地点"),
        FieldPanel("hours"),
        FieldRowPanel([FieldPanel("consult_phone"), FieldPanel("complaint_phone")]),
        MultiFieldPanel([FieldPanel("can_proxy"), FieldPanel("proxy_kind"), FieldPanel("proxy_how")], heading="代办"),
        FieldRowPanel([FieldPanel("online_url"), FieldPanel("online_name")], heading="网上办理"),
        InlinePanel("questions", heading="常见问题", label="问题"),
        InlinePanel("related", heading="相关事项", label="相关事项"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("audience"),
        index.SearchField("conditions"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("materials", [index.SearchField("name")]),
        index.FilterField("can_proxy"),
        index.FilterField("category"),
    ]
    api_fields = [
        APIField("code"),
        APIField("category_name"),
        APIField("life_situation_names"),
        APIField("audience"),
        APIField("conditions"),
        APIField("legal_basis"),
        APIField("material_list"),
        APIField("step_list"),
        APIField("legal_time_limit"),
        APIField("promised_time_limit"),
        APIField("visits_label"),
        APIField("fees"),
        APIField("place_list"),
        APIField("hours"),
        APIField("consult_phone"),
        APIField("complaint_phone"),
        APIField("can_proxy"),
        APIField("proxy_kind"),
        APIField("proxy_how"),
        APIField("online_url"),
        APIField("online_name"),
        APIField("question_list"),
    ]
    parent_page_types = ["services.ServiceCatalogPage"]
    subpage_types = []
    template = "services/service_guide_page.html"

    class Meta:
        verbose_name = "办事指南"
        verbose_name_plural = "办事指南"

    # -- rules ----------------------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        self.code = (self.code or "").strip()
        if self.code and not CODE.match(self.code):
            errors["code"] = "事项编码只能包含字母、数字和连字符（-），最长40个字符。"
        for name in ("consult_phone", "complaint_phone"):
            try:
                setattr(self, name, normalize_phones(getattr(self, name)))
            except ValidationError as error:
                errors[name] = error.messages
        if self.can_proxy and not self.proxy_kind:
            self.proxy_kind = "代办服务"
        if not self.can_proxy and (self.proxy_kind or self.proxy_how.strip()):
            errors["proxy_kind"] = "没有勾选“可代办”，不需要填写代办方式和怎样申请代办。"
        if self.online_name and not self.online_url:
            errors["online_url"] = "填写了在线办理渠道，请同时填写网址。"
        home = self.district_home if self.path else None
        if home is not None:
            errors.update(rules.district_errors(home, self, places=list(self.places.all())))
            if self.code and self._code_taken(home):
                errors["code"] = f"本行政区已有事项编码为 {self.code} 的办事指南。"
        if errors:
            raise ValidationError(errors)

    def _code_taken(self, home):
        same = ServiceGuidePage.objects.descendant_of(home).filter(code=self.code)
        return same.exclude(pk=self.pk).exists() if self.pk else same.exists()

    # -- what pages, cards and the API show -------------------------------------------------

    @property
    def visits_label(self):
        return VISIT_LABELS.get(self.visits, "")

    @property
    def category_name(self):
        return self.category.name

    @property
    def life_situation_names(self):
        return [s.name for s in self.life_situations.all()]

    @property
    def material_list(self):
        return [m.as_dict() for m in self.materials.all()]

    @property
    def step_list(self):
        return [{"title": s.title, "text": s.text} for s in self.steps.all()]

    @property
    def place_list(self):
        return [p.as_dict() for p in self.places.all()]

    @property
    def question_list(self):
        return [{"question": q.question, "answer": q.answer} for q in self.questions.all()]

    @property
    def description(self):
        return self.search_description or f"服务对象：{self.audience}"[:150]

    @property
    def card_text(self):
        parts = [self.category.name]
        if self.promised_time_limit:
            parts.append(f"承诺时限：{self.promised_time_limit}")
        if self.can_proxy:
            parts.append("可代办")
        return " · ".join(parts)

    card_image = None
    card_date = None

    @classmethod
    def listing_queryset(cls):
        return cls.objects.live().public().select_related("category").order_by("-first_published_at", "path")

    @cached_property
    def proxy_label(self):
        return self.proxy_kind or ("代办服务" if self.can_proxy else "")

    def parts(self):
        """Its rows as the page shows them (GuideParts), remembered while the district's pages
        stand (pagecache.shared): shared between requests, not to be changed."""
        return shared.remember(("guide parts", self.pk), self._load_parts, url_path=self.url_path)

    def _load_parts(self):
        return GuideParts(
            category=self.category,
            materials=list(self.materials.select_related("sample")),
            steps=list(self.steps.all()),
            places=list(self.places.select_related("centre", "window")),
            questions=list(self.questions.all()),
            related=[r.service for r in self.related.select_related("service") if r.service.live],
        )

    def get_context(self, request, *args, **kwargs):
        from ..nearest import order_places
        from ..opening import place_statuses

        parts = self.parts()
        self.category = parts.category
        context = super().get_context(request, *args, **kwargs)
        # Each request's own copies: statuses and distances are set on them.
        places = place_statuses([copy.copy(p) for p in parts.places], self.district_home)
        places.sort(key=lambda p: not (p.status and p.status.is_open))  # where it can be done now, first
        nearest = order_places(self.district_home, places, request.GET)
        breadcrumbs = context["breadcrumbs"]
        context.update(
            materials=parts.materials,
            steps=parts.steps,
            places=places,
            nearest=nearest,
            questions=parts.questions,
            related=parts.related,
            catalogue=breadcrumbs[-1] if breadcrumbs else self.get_parent(),
            consult_phones=[n for n in self.consult_phone.split("、") if n],
            complaint_phones=[n for n in self.complaint_phone.split("、") if n],
        )
        return context

    def structured_data(self, request):
        from ..jsonld import government_service

        return government_service(self, request)


class ServiceMaterial(Orderable):
    ORIGINAL, COPY, BOTH = "原件", "复印件", "原件和复印件"
    FORM_CHOICES = [(ORIGINAL, "原件"), (COPY, "复印件"), (BOTH, "原件和复印件")]
    PAPER, ELECTRONIC, EITHER = "纸质", "电子", "纸质或电子"
    MEDIUM_CHOICES = [(PAPER, "纸质"), (ELECTRONIC, "电子"), (EITHER, "纸质或电子")]

    page = ParentalKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField("材料名称", max_length=120, help_text="例如：居民身份证")
    form = models.CharField("原件/复印件", max_length=10, choices=FORM_CHOICES, default=ORIGINAL)
    copies = models.PositiveSmallIntegerField("份数", default=1, validators=[MaxValueValidator(20, "份数最多20份。")])
    medium = models.CharField("纸质/电子", max_length=10, choices=MEDIUM_CHOICES, default=PAPER)
    required = models.BooleanField("必须提供", default=True, help_text="不勾选表示“视情况提供”。")
    note = models.CharField("说明", max_length=200, blank=True, help_text="例如：由他人代办的，另带代办人身份证")
    sample = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="表格样表",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="可选：申请表的空白表格或填写样例。",
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("form"), FieldPanel("copies"), FieldPanel("medium"), FieldPanel("required")]),
        FieldPanel("note"),
        FieldPanel("sample"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "所需材料"
        verbose_name_plural = "所需材料"

    def __str__(self):
        return self.name

    @property
    def summary(self):
        return f"{self.form}{self.copies}份（{self.medium}）"

    def as_dict(self):
        return {
            "name": self.name,
            "form": self.form,
            "copies": self.copies,
            "medium": self.medium,
            "required": self.required,
            "note": self.note,
            "sample": self.sample.url if self.sample_id else None,
        }


class ServiceStep(Orderable):
    page = ParentalKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField("步骤", max_length=60, help_text="例如：提交申请")
    text = models.TextField("说明", blank=True, max_length=500)

    panels = [FieldPanel("title"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "办理步骤"
        verbose_name_plural = "办理流程"


class ServiceQuestion(Orderable):
    page = ParentalKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="questions")
    question = models.CharField("问题", max_length=120)
    answer = models.TextField("回答", max_length=1000)

    panels = [FieldPanel("question"), FieldPanel("answer")]

    class Meta(Orderable.Meta):
        verbose_name = "常见问题"
        verbose_name_plural = "常见问题"


class RelatedService(Orderable):
    page = ParentalKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="related")
    service = models.ForeignKey(ServiceGuidePage, verbose_name="相关事项", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("service", page_type="services.ServiceGuidePage")]

    class Meta(Orderable.Meta):
        verbose_name = "相关事项"
        verbose_name_plural = "相关事项"
