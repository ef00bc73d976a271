"""Rosters of people: grid workers, community workers, volunteers and "双报到" party members.

People are deactivated, never silently deleted. Phone and ID numbers are stored
whole; listings, exports and public pages mask them (see snippets.privacy).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from snippets.privacy import PERSONAL_DATA_PERMISSION

from .base import DistrictOwned
from .geography import Community, Grid

GENDER_CHOICES = [("男", "男"), ("女", "女")]
POLITICAL_STATUS = ["中共党员", "中共预备党员", "共青团员", "民主党派成员", "无党派人士", "群众"]


def personal(field_name):
    """A panel for a phone or ID number: shown only to users who may see personal data."""
    return FieldPanel(field_name, permission=PERSONAL_DATA_PERMISSION)


class Person(DistrictOwned):
    name = models.CharField("姓名", max_length=30)
    mobile = models.CharField("手机号码", max_length=11)
    is_active = models.BooleanField("在岗", default=True, help_text="离岗、退出的人员设为不在岗，不要删除。")

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def status_label(self):
        return "在岗" if self.is_active else "离岗"


class GridWorker(Person):
    ROLES = ["网格长", "专职网格员", "兼职网格员", "网格协管员", "楼栋长", "单元长"]

    gender = models.CharField("性别", max_length=1, choices=GENDER_CHOICES, blank=True)
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    community = models.ForeignKey(Community, verbose_name="所属社区", on_delete=models.PROTECT, related_name="+")
    grid = models.ForeignKey(
        Grid, verbose_name="所属网格", null=True, blank=True, on_delete=models.SET_NULL, related_name="workers"
    )
    role = models.CharField("岗位", max_length=10, choices=[(r, r) for r in ROLES])
    political_status = models.CharField("政治面貌", max_length=20, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name="照片", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    work_phone = models.CharField(
        "工作电话", max_length=20, blank=True, help_text="对居民公开的工作电话，可以是座机或工作手机。"
    )
    work_phone_public = models.BooleanField("公开工作电话", default=False, help_text="勾选后在“我的网格员”页面显示。")

    same_district_fields = ("community", "grid")
    panels = [
        FieldPanel("district"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("gender")]),
        MultiFieldPanel([personal("mobile"), personal("id_number")], heading="个人信息（不公开）"),
        FieldRowPanel([FieldPanel("community"), FieldPanel("grid")]),
        FieldRowPanel([FieldPanel("role"), FieldPanel("political_status")]),
        MultiFieldPanel(
            [FieldPanel("photo"), FieldPanel("work_phone"), FieldPanel("work_phone_public")], heading="公开联系方式"
        ),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = "网格员"
        verbose_name_plural = "网格员"
        ordering = ["community__name", "grid__name", "name"]
        permissions = [("view_personal_data", "可查看名册中的完整手机号码和身份证号")]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "mobile"],
                name="unique_gridworker_mobile",
                violation_error_message="本行政区已有使用这个手机号码的网格员。",
            ),
            models.UniqueConstraint(
                fields=["district", "id_number"],
                condition=~Q(id_number=""),
                name="unique_gridworker_id_number",
                violation_error_message="本行政区已有使用这个身份证号的网格员。",
            ),
        ]

    def clean(self):
        super().clean()
        if self.grid_id and self.community_id and self.grid.community_id != self.community_id:
            raise ValidationError({"grid": f"网格“{self.grid.name}”不属于社区“{self.community}”。"})

    @property
    def public_phone(self):
        return self.work_phone if self.work_phone_public else ""


class CommunityWorker(Person):
    gender = models.CharField("性别", max_length=1, choices=GENDER_CHOICES, blank=True)
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    community = models.ForeignKey(Community, verbose_name="所属社区", on_delete=models.PROTECT, related_name="+")
    position = models.CharField("职务", max_length=40, help_text="例如：社区党组织书记、居委会主任、社区工作者")
    grade = models.CharField("岗位等级", max_length=20, blank=True, help_text="例如：二岗八级")
    hired_on = models.DateField("入职日期", null=True, blank=True)
    education = models.CharField("学历", max_length=20, blank=True)

    same_district_fields = ("community",)
    panels = [
        FieldPanel("district"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("gender")]),
        MultiFieldPanel([personal("mobile"), personal("id_number")], heading="个人信息（不公开）"),
        FieldPanel("community"),
        FieldRowPanel([FieldPanel("position"), FieldPanel("grade")]),
        FieldRowPanel([FieldPanel("hired_on"), FieldPanel("education")]),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = "社区工作者"
        verbose_name_plural = "社区工作者"
        ordering = ["community__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "mobile"],
                name="unique_communityworker_mobile",
                violation_error_message="本行政区已有使用这个手机号码的社区工作者。",
            ),
            models.UniqueConstraint(
                fields=["district", "id_number"],
                condition=~Q(id_number=""),
                name="unique_communityworker_id_number",
                violation_error_message="本行政区已有使用这个身份证号的社区工作者。",
            ),
        ]


class VolunteerTeam(DistrictOwned):
    KINDS = ["党员志愿服务队", "青年志愿服务队", "巾帼志愿服务队", "职工志愿服务队", "专业志愿服务队", "其他"]

    name = models.CharField("队伍名称", max_length=60)
    kind = models.CharField("队伍类型", max_length=20, blank=True, choices=[(k, k) for k in KINDS])
    community = models.ForeignKey(
        Community, verbose_name="所属社区", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leader_name = models.CharField("队长（公开）", max_length=30, blank=True)
    description = models.TextField("简介", blank=True)

    same_district_fields = ("community",)
    panels = [
        FieldPanel("district"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("community")]),
        FieldPanel("leader_name"),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = "志愿服务队"
        verbose_name_plural = "志愿服务队"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="unique_team_name_in_district",
                violation_error_message="本行政区已有同名志愿服务队。",
            )
        ]

    def __str__(self):
        return self.name


class Volunteer(Person):
    team = models.ForeignKey(
        VolunteerTeam, verbose_name="所属队伍", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    community = models.ForeignKey(
        Community, verbose_name="所属社区", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    skills = models.CharField("服务特长", max_length=200, blank=True, help_text="多项用顿号分隔，例如：理发、义诊")
    registered_on = models.DateField("注册日期", null=True, blank=True)
    hours = models.DecimalField("累计服务时长（小时）", max_digits=9, decimal_places=1, default=0)
    political_status = models.CharField("政治面貌", max_length=20, blank=True)

    same_district_fields = ("team", "community")
    panels = [
        FieldPanel("district"),
        FieldPanel("name"),
        personal("mobile"),
        FieldRowPanel([FieldPanel("team"), FieldPanel("community")]),
        FieldPanel("skills"),
        FieldRowPanel([FieldPanel("registered_on"), FieldPanel("hours")]),
        FieldPanel("political_status"),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = "志愿者"
        verbose_name_plural = "志愿者"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "mobile"],
                name="unique_volunteer_mobile",
                violation_error_message="本行政区已有使用这个手机号码的志愿者。",
            )
        ]


class PartyCheckin(Person):
    """An in-service party member who has reported to a community (双报到)."""

    employer = models.CharField("工作单位", max_length=80)
    party_org = models.CharField("所在党组织", max_length=80, blank=True)
    community = models.ForeignKey(Community, verbose_name="报到社区", on_delete=models.PROTECT, related_name="+")
    checked_in_on = models.DateField("报到日期", null=True, blank=True)
    post = models.CharField("认领岗位", max_length=60, blank=True)
    points = models.PositiveIntegerField("服务积分", default=0)

    same_district_fields = ("community",)
    panels = [
        FieldPanel("district"),
        FieldPanel("name"),
        personal("mobile"),
        FieldRowPanel([FieldPanel("employer"), FieldPanel("party_org")]),
        FieldRowPanel([FieldPanel("community"), FieldPanel("checked_in_on")]),
        FieldRowPanel([FieldPanel("post"), FieldPanel("points")]),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = "在职党员报到"
        verbose_name_plural = "在职党员报到"
        ordering = ["community__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "mobile", "community"],
                name="unique_checkin_per_community",
                violation_error_message="这名党员已经向这个社区报到过了。",
            )
        ]
