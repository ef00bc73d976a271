"""Listing columns that mask phone and ID numbers for users who may not see them."""

from wagtail.admin.ui.tables import Column

from .privacy import can_view_personal_data, mask_id_number, mask_mobile


class PersonalDataColumn(Column):
    def __init__(self, name, mask, **kwargs):
        super().__init__(name, **kwargs)
        self.mask = mask

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if not can_view_personal_data(getattr(request, "user", None)):
            context["value"] = self.mask(context["value"])
        return context


def mobile_column():
    return PersonalDataColumn("mobile", mask_mobile, label="手机号码")


def id_number_column():
    return PersonalDataColumn("id_number", mask_id_number, label="身份证号")
