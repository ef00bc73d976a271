"""Streets (街道), communities (社区) and grids (网格) of a district."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel

from .base import DistrictOwned


class Street(DistrictOwned):
    name = models.CharField("街道（乡镇）名称", max_length=50)
    code = models.CharField("街道代码", max_length=12, blank=True, help_text="选填，统计用区划代码。")

    panels = [FieldPanel("district"), FieldPanel("name"), FieldPanel("code")]

    class Meta:
        verbose_name = "街道"
        verbose_name_plural = "街道"
        ordering = ["district", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="unique_street_name_in_district",
                violation_error_message="本行政区已有同名街道。",
            )
        ]

    def __str__(self):
        return self.name


class Community(DistrictOwned):
    street = models.ForeignKey(Street, verbose_name="所属街道", on_delete=models.PROTECT, related_name="communities")
    name = models.CharField("社区名称", max_length=50)
    address = models.CharField("地址", max_length=120, blank=True)

    same_district_fields = ("street",)
    panels = [FieldPanel("district"), FieldPanel("street"), FieldPanel("name"), FieldPanel("address")]

    class Meta:
        verbose_name = "社区"
        verbose_name_plural = "社区"
        ordering = ["district", "street__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="unique_community_name_in_district",
                violation_error_message="本行政区已有同名社区。",
            )
        ]

    def __str__(self):
        return self.name


class Grid(DistrictOwned):
    LEVEL_CHOICES = [(1, "一级网格"), (2, "二级网格"), (3, "三级网格")]

    community = models.ForeignKey(Community, verbose_name="所属社区", on_delete=models.PROTECT, related_name="grids")
    name = models.CharField("网格名称", max_length=50)
    code = models.CharField("网格编号", max_length=30, blank=True, help_text="本行政区内唯一，选填。")
    level = models.PositiveSmallIntegerField("网格层级", choices=LEVEL_CHOICES, default=3)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级网格",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="二级网格的上级是一级网格，三级网格的上级是二级网格，须在同一社区。",
    )
    households = models.PositiveIntegerField(
        "覆盖户数",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
        help_text="网格一般按300—500户划分。",
    )
    party_branch = models.CharField("网格党支部", max_length=80, blank=True)
    area = models.CharField(
        "覆盖小区和楼栋",
        max_length=300,
        blank=True,
        help_text="居民按小区或楼栋名称查找自己的网格，例如：兰新小区1—6号楼、石油小区。",
    )

    same_district_fields = ("community", "parent")
    panels = [
        FieldPanel("district"),
        FieldPanel("community"),
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("level"),
        FieldPanel("parent"),
        FieldPanel("households"),
        FieldPanel("party_branch"),
        FieldPanel("area"),
    ]

    class Meta:
        verbose_name = "网格"
        verbose_name_plural = "网格"
        ordering = ["district", "community__name", "level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"],
                name="unique_grid_name_in_community",
                violation_error_message="本社区已有同名网格。",
            ),
            models.UniqueConstraint(
                fields=["district", "code"],
                condition=~Q(code=""),
                name="unique_grid_code_in_district",
                violation_error_message="本行政区已有相同编号的网格。",
            ),
        ]

    def __str__(self):
        return f"{self.community.name} · {self.name}" if self.community_id else self.name

    def clean(self):
        super().clean()
        self.code = self.code.strip()
        if self.parent_id is None:
            return
        parent = self.parent
        errors = []
        if self.pk and parent.pk == self.pk:
            errors.append("上级网格不能是它自己。")
        elif self.pk and self.pk in self._ancestor_ids(parent):
            errors.append("上级网格不能是它自己的下级网格，这样会形成循环。")
        if parent.community_id != self.community_id:
            errors.append(f"上级网格“{parent}”属于另一个社区，须选择本社区的网格。")
        if parent.level != self.level - 1:
            errors.append(
                f"{self.get_level_display()}的上级须是{dict(self.LEVEL_CHOICES).get(self.level - 1, '（无）')}，"
                f"“{parent.name}”是{parent.get_level_display()}。"
            )
        if errors:
            raise ValidationError({"parent": errors})

    @staticmethod
    def _ancestor_ids(grid, limit=10):
        """Ids from `grid` up its parents (bounded, so a corrupt cycle cannot hang)."""
        seen = []
        while grid is not None and len(seen) < limit and grid.pk not in seen:
            seen.append(grid.pk)
            grid = grid.parent
        return seen
