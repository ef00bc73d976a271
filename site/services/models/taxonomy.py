"""How a district sorts its services: categories (民政, 社会保障…) and life situations (养老, 就医…)."""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from snippets.models.base import DistrictOwned

ICON_CHOICES = [
    ("party", "党旗（党员服务）"),
    ("elder", "老人（养老）"),
    ("health", "十字（医疗卫生）"),
    ("work", "公文包（就业创业）"),
    ("family", "家庭（婚育户籍）"),
    ("care", "爱心（社会救助）"),
    ("access", "无障碍（残疾人）"),
    ("id", "证件（证照办理）"),
    ("home", "房屋（住房物业）"),
    ("law", "天平（法律服务）"),
    ("money", "钱币（缴费社保）"),
    ("other", "其他"),
]
# What each icon shows: a character, so no image or icon font is needed and it prints.
ICON_GLYPHS = {
    "party": "党",
    "elder": "老",
    "health": "医",
    "work": "业",
    "family": "家",
    "care": "助",
    "access": "残",
    "id": "证",
    "home": "房",
    "law": "法",
    "money": "缴",
    "other": "办",
}


class Sorted(DistrictOwned):
    name = models.CharField("名称", max_length=30)
    icon = models.CharField("图标", max_length=10, choices=ICON_CHOICES, default="other")
    order = models.PositiveSmallIntegerField("排序", default=100, help_text="数字小的排在前面。")
    description = models.CharField("说明", max_length=120, blank=True)

    panels = [
        FieldPanel("district"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("icon"), FieldPanel("order")]),
        FieldPanel("description"),
    ]

    class Meta:
        abstract = True
        ordering = ["district", "order", "name"]

    def __str__(self):
        return self.name

    @property
    def glyph(self):
        return ICON_GLYPHS.get(self.icon, "办")


class ServiceCategory(Sorted):
    class Meta(Sorted.Meta):
        verbose_name = "服务类别"
        verbose_name_plural = "服务类别"
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="unique_service_category_in_district",
                violation_error_message="本行政区已有同名服务类别。",
            )
        ]


class LifeSituation(Sorted):
    class Meta(Sorted.Meta):
        verbose_name = "生活情境"
        verbose_name_plural = "生活情境"
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="unique_life_situation_in_district",
                violation_error_message="本行政区已有同名生活情境。",
            )
        ]
