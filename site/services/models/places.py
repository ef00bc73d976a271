"""办理地点: where a service is offered — a centre of the district (and a window there), or a
place named in words — each with its own hours when they differ from the guide's."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Orderable

from .guides import ServiceGuidePage


class ServicePlace(Orderable):
    page = ParentalKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="places")
    centre = models.ForeignKey(
        "centres.ServiceCentrePage",
        verbose_name="服务中心",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_places",
        help_text="本行政区的党群服务中心或服务站。",
    )
    window = models.ForeignKey(
        "centres.ServiceWindow",
        verbose_name="窗口",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_places",
        help_text="可选：这个服务中心里办理本事项的窗口。",
    )
    name = models.CharField(
        "地点名称",
        max_length=80,
        blank=True,
        help_text="没有对应的服务中心页面时填写，例如：市政务服务中心二楼民政窗口。选了服务中心可不填。",
    )
    address = models.CharField("地址", max_length=120, blank=True, help_text="选了服务中心时不用填，用中心的地址。")
    hours = models.CharField(
        "该地点的办理时间",
        max_length=200,
        blank=True,
        help_text="与办事指南的“办理时间”不同时填写，例如：每周二、四上午 9:00—12:00。",
    )

    panels = [
        PageChooserPanel("centre", page_type="centres.ServiceCentrePage"),
        FieldPanel("window"),
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("hours"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "办理地点"
        verbose_name_plural = "办理地点"

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The centre's name (the place's own name when it has no centre)."""
        if self.centre_id and self.centre is not None:
            return self.centre.title
        return self.name

    @property
    def shown_address(self):
        return self.centre.address if self.centre_id and self.centre is not None else self.address

    @property
    def shown_hours(self):
        """This place's own hours, else the window's note."""
        if self.hours:
            return self.hours
        return self.window.hours_note if self.window_id and self.window is not None else ""

    def as_dict(self):
        return {
            "name": self.label,
            "centre": self.centre_id,
            "window": self.window.label if self.window_id and self.window is not None else "",
            "address": self.shown_address,
            "hours": self.shown_hours,
        }
