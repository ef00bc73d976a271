"""What every district-owned model shares: its district, and a check that what it links to is of the same district."""

from django.core.exceptions import ValidationError
from django.db import models

from snippets.forms import DistrictOwnedForm


class DistrictOwned(models.Model):
    district = models.ForeignKey(
        "districts.District",
        verbose_name="行政区",
        on_delete=models.PROTECT,
        related_name="+",
    )
    import_batch = models.ForeignKey(
        "importers.ImportBatch",
        verbose_name="导入批次",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="创建这一行的导入批次；撤销该批次时删除这一行。",
    )

    district_lookup = "district"
    base_form_class = DistrictOwnedForm
    # Foreign keys that must point at rows of the same district, with the error to show.
    same_district_fields = ()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if not self.district_id:
            return
        errors = {}
        for name in self.same_district_fields:
            related = getattr(self, name, None)
            if related is not None and related.district_id != self.district_id:
                label = self._meta.get_field(name).verbose_name
                errors[name] = f"{label}“{related}”属于另一个行政区。"
        if errors:
            raise ValidationError(errors)
