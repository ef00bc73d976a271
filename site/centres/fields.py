"""A date field whose form names what is wrong with a typed date (2026-02-30: 2月没有30日)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from .validation import date_text_error


class ChineseDateFormField(forms.DateField):
    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(date_text_error(str(value)), code="invalid") from None


class DayField(models.DateField):
    def formfield(self, **kwargs):
        return super().formfield(**{**kwargs, "form_class": ChineseDateFormField})
