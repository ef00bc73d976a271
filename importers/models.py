"""Import batches and the changes they made, so that every import is logged and can be undone."""

from django.conf import settings
from django.db import models

from .storage import import_file_storage


class ImportBatch(models.Model):
    PENDING, CHECKING, CHECKED, RUNNING, DONE, FAILED, UNDONE = (
        "pending",
        "checking",
        "checked",
        "running",
        "done",
        "failed",
        "undone",
    )
    STATUS_CHOICES = [
        (PENDING, "等待检查"),
        (CHECKING, "正在检查"),
        (CHECKED, "待确认"),
        (RUNNING, "正在导入"),
        (DONE, "已导入"),
        (FAILED, "失败"),
        (UNDONE, "已撤销"),
    ]

    district = models.ForeignKey(
        "districts.District", verbose_name="行政区", on_delete=models.PROTECT, related_name="+"
    )
    dataset = models.CharField("数据集", max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(
        "来源", max_length=10, default="admin", choices=[("admin", "后台"), ("command", "命令行")]
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    file = models.FileField("原始文件", storage=import_file_storage, upload_to="%Y/%m/", max_length=255, blank=True)
    original_name = models.CharField("文件名", max_length=255, blank=True)
    sync = models.BooleanField("同步（缺少的人员设为离岗）", default=False)
    skip_errors = models.BooleanField("只导入无误的行", default=False)
    status = models.CharField("状态", max_length=10, choices=STATUS_CHOICES, default=PENDING)
    phase = models.CharField("进度说明", max_length=40, blank=True)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows = models.PositiveIntegerField("数据行", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变", default=0)
    deactivated = models.PositiveIntegerField("设为离岗", default=0)
    skipped = models.PositiveIntegerField("跳过", default=0)
    error_count = models.PositiveIntegerField("错误", default=0)
    report = models.JSONField("报告", default=dict, blank=True)
    # Which process works on the batch now (host:pid:start time) and when it last said so: importers.liveness.
    worker = models.CharField("处理进程", max_length=120, blank=True, editable=False)
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True, editable=False)
    message = models.TextField("说明", blank=True)
    undone_at = models.DateTimeField("撤销时间", null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    district_lookup = "district"

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入记录"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"#{self.pk} {self.dataset_label} {self.original_name}"

    @property
    def dataset_label(self):
        from .datasets import DATASETS

        dataset = DATASETS.get(self.dataset)
        return dataset.label if dataset else self.dataset

    @property
    def progress_percent(self):
        if self.status in (self.DONE, self.CHECKED, self.UNDONE):
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def is_finished(self):
        return self.status in (self.CHECKED, self.DONE, self.FAILED, self.UNDONE)


class ImportChange(models.Model):
    """One row an import updated or deactivated, with the values it had before."""

    UPDATED, DEACTIVATED = "updated", "deactivated"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="changes")
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=12, choices=[(UPDATED, "更新"), (DEACTIVATED, "设为离岗")])
    before = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["batch", "action"])]

    def __str__(self):
        return f"{self.get_action_display()} #{self.object_id}"
