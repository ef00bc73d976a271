"""Administrative division codes (GB/T 2260): six digits, province · city · county."""

import re

from django.core.exceptions import ValidationError

# The first two digits of every province-level division, and its name.
PROVINCE_NAMES = {
    **{"11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区"},
    **{"21": "辽宁省", "22": "吉林省", "23": "黑龙江省"},
    **{"31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省"},
    **{"41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省"},
    **{"50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区"},
    **{"61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区"},
    **{"71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区"},
}
PROVINCE_PREFIXES = frozenset(PROVINCE_NAMES)

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
