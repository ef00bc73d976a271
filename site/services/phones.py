"""Phone numbers and links a service guide publishes: checked when saved, written one way."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from importers.cleaning import phone as clean_phone
from importers.errors import CellError

# Government service hotlines residents dial without an area code: 12345 政务服务便民热线,
# 12349 民政养老, 12333 人社, 12315 市场监管, 12338 妇女维权…; 95/96 short numbers of utilities.
HOTLINE = re.compile(r"^(1\d{4}|9[56]\d{3,6}|110|119|120|122)$")
SERVICE_NUMBER = re.compile(r"^[48]00-?\d{3}-?\d{4}$")
SEPARATORS = re.compile(r"[、，,；;/／]+")
MAX_NUMBERS = 4


def normalize_phone(value):
    """One number as it is published: mobile `13909712345`, landline `0971-8123456` (with an
    extension `-801`), hotline `12345`, `400-123-4567`. Raises ValidationError in Chinese."""
    raw = (value or "").strip()
    compact = re.sub(r"[\s\u3000]", "", raw)
    if HOTLINE.match(compact) or SERVICE_NUMBER.match(compact):
        return compact
    try:
        return clean_phone(raw) or ""
    except CellError:
        raise ValidationError(
            f"“{raw[:30]}”不是有效的电话号码：应为11位手机号码、带区号的固定电话（如 0971-8123456）"
            "或政务服务热线（如 12345）。",
            code="invalid_phone",
        ) from None


def normalize_phones(value):
    """Up to four numbers separated by `、`, as one string; an empty value stays empty."""
    parts = [p for p in SEPARATORS.split(value or "") if p.strip()]
    if len(parts) > MAX_NUMBERS:
        raise ValidationError(f"最多填写{MAX_NUMBERS}个电话号码，用“、”分隔。", code="too_many_phones")
    return "、".join(normalize_phone(p) for p in parts)


def validate_phones(value):
    normalize_phones(value)


validate_web_link = URLValidator(
    schemes=["http", "https"],
    message="请填写以 http:// 或 https:// 开头的网址，例如 https://zwfw.qinghai.gov.cn/。",
)
