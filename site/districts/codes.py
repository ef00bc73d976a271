"""Administrative division codes (GB/T 2260): six digits, province · city · county."""

import re

from django.core.exceptions import ValidationError

# The first two digits of every province-level division.
PROVINCE_PREFIXES = frozenset(
    ("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42")
    + ("43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82")
)

PROVINCE, PREFECTURE, COUNTY = "province", "prefecture", "county"
LEVEL_CHOICES = [(PROVINCE, "省"), (PREFECTURE, "市州"), (COUNTY, "区县")]
LEVEL_RANK = {PROVINCE: 0, PREFECTURE: 1, COUNTY: 2}


def validate_code(code):
    if not re.fullmatch(r"\d{6}", code or ""):
        raise ValidationError("行政区划代码应为6位数字，例如 630100。", code="code_format")
    if code[:2] not in PROVINCE_PREFIXES:
        raise ValidationError(
            "行政区划代码 %(code)s 的前两位 %(prefix)s 不是有效的省级代码。",
            code="code_province",
            params={"code": code, "prefix": code[:2]},
        )


def level_of(code):
    """The level a well-formed code stands for."""
    if code.endswith("0000"):
        return PROVINCE
    if code.endswith("00"):
        return PREFECTURE
    return COUNTY


def code_contains(parent_code, child_code):
    """Whether the division `parent_code` can contain `child_code`."""
    parent_level = level_of(parent_code)
    if parent_level == PROVINCE:
        return child_code[:2] == parent_code[:2]
    if parent_level == PREFECTURE:
        return child_code[:4] == parent_code[:4]
    return False
