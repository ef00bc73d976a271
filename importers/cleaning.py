"""Turning raw cell values into clean Python values, with a Chinese message when that cannot be done.

Every function takes what a reader gave (str, int, float, date, datetime or
None) and returns the clean value, None for an empty cell, or raises CellError.
"""

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from .errors import CellError

SPACES = re.compile(r"[\s\u3000\u00a0]+")
FORMULA_ESCAPE = re.compile(r"^'(?=[=+\-@])")


def text(value) -> str:
    """Any cell as trimmed text: full-width letters and digits made half-width, numbers without `.0`."""
    if value.__class__ is str:  # the hot path: most cells are text
        value = value.strip()
        if not value.isascii():
            value = unicodedata.normalize("NFKC", value).strip()
        if value[:1] == "'":
            value = FORMULA_ESCAPE.sub("", value)  # our exports escape formulas with a leading '
        return value
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    value = unicodedata.normalize("NFKC", str(value)).strip()
    return FORMULA_ESCAPE.sub("", value)  # our exports escape formulas with a leading '


def compact(value) -> str:
    """Text without any whitespace inside: `王　伟` and `王 伟` are `王伟`."""
    return SPACES.sub("", text(value))


# Yes/no -----------------------------------------------------------------------------------

YES = {"是", "y", "yes", "√", "✓", "✔", "1", "有", "true", "对", "可", "可以"}
NO = {"否", "n", "no", "×", "✗", "✘", "x", "0", "无", "false", "不", "不可", "不可以"}


def yes_no(value):
    v = compact(value).lower()
    if not v:
        return None
    if v in YES:
        return True
    if v in NO:
        return False
    raise CellError("应填“是”或“否”")


# Numbers ----------------------------------------------------------------------------------


def decimal(value, *, places=2, minimum=Decimal(0), maximum=Decimal("1e9")):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    raw = compact(value).replace(",", "")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise CellError("应为数字") from None
    if not number.is_finite() or number < minimum or number > maximum:
        raise CellError(f"应为 {minimum:f} 到 {maximum:f} 之间的数字")  # 1000000000, not 1E+9
    return round(number, places)


def integer(value, *, minimum=0, maximum=10**9):
    number = decimal(value, places=6, minimum=Decimal(minimum), maximum=Decimal(maximum))
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError("应为整数")
    return int(number)


# Phones -----------------------------------------------------------------------------------

MOBILE = re.compile(r"^1[3-9]\d{9}$")
NUMBER_AS_TEXT = re.compile(r"^(\d+)\.0+$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


MASKED = re.compile(r"^\d{3}\*{4}\d{4}$|^\d{6}\*{8}\d{3}[\dX]$")


def refuse_masked(v, what):
    if MASKED.match(v):
        raise CellError(f"{what}是打码后的（{v}），无法导入；请由有权查看个人信息的账号导出完整名册后再导入")


def mobile(value):
    v = text(value)
    if not v:
        return None
    refuse_masked(v, "手机号码")
    v = NUMBER_AS_TEXT.sub(r"\1", v)  # "13909712345.0", a number cell another program wrote as text
    digits = re.sub(r"[\s\-()（）.]", "", v)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not digits.isdigit():
        raise CellError("手机号码只能包含数字")
    if len(digits) != 11:
        raise CellError("手机号码应为11位数字")
    if not MOBILE.match(digits):
        raise CellError("手机号码应以13至19开头")
    return digits


def phone(value):
    """A mobile number, or a landline written `0971-8123456` or `(0971)8123456`."""
    v = text(value)
    if not v:
        return None
    try:
        return mobile(v)
    except CellError:
        pass
    landline = re.sub(r"^[(（](0\d{2,3})[)）]\s*", r"\1-", v).replace(" ", "")
    if LANDLINE.match(landline):
        if "-" not in landline[:5]:
            area = 3 if landline[:3] in {"010", "020", "021", "022", "023", "024", "025", "027", "028", "029"} else 4
            landline = f"{landline[:area]}-{landline[area:]}"
        return landline
    raise CellError("应为11位手机号码或带区号的固定电话（如 0971-8123456）")


# Resident ID numbers (GB 11643) -------------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_number(value):
    if value is None or value == "":
        return None
    if isinstance(value, float) or re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", text(value)):
        raise CellError("身份证号被 Excel 转成了科学计数法，后几位已经丢失；请把该列设为“文本”格式后重新填写")
    v = compact(value).upper()
    if not v:
        return None
    refuse_masked(v, "身份证号")
    if not re.fullmatch(r"\d{17}[\dX]", v):
        raise CellError("身份证号应为18位，最后一位是数字或X")
    total = sum(int(d) * w for d, w in zip(v[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != v[17]:
        raise CellError("身份证号校验位不正确，请核对")
    try:
        dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        raise CellError("身份证号中的出生日期不存在") from None
    return v


def gender_from_id(number):
    return "男" if int(number[16]) % 2 else "女"


# Dates, date-times and months --------------------------------------------------------------

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
TIME_TEXT = re.compile(r"^(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$")
MONTH_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
MONTH_COMPACT = re.compile(r"^(\d{4})(\d{2})$")
# Excel's dates start in 1900, and a year past 2100 is a typo. Keeping dates in between also keeps
# what is computed from them (time limits, working days, time zones) inside what datetime holds.
YEARS = range(1900, 2101)
OUT_OF_RANGE = "日期超出范围：年份应在1900年至2100年之间"


def _in_range(value):
    if value.year not in YEARS:
        raise CellError(OUT_OF_RANGE)
    return value


def _serial(value):
    """An Excel serial number (days since 1899-12-30) as a datetime.

    A number that reads as a year (2023.1, 2024) is what Excel makes of `2023.1` typed into a
    cell; as a serial it would be a day of 1905, so it is refused rather than read wrong."""
    if 1900 <= value < 2100:
        raise CellError(f"日期被 Excel 转成了数字（{text(value)}），请写成 2023-01-05 或 2023年1月5日")
    if not 1 <= value < 2958466:
        raise CellError("日期超出范围")
    return _in_range(EXCEL_EPOCH + dt.timedelta(days=float(value)))


def _compact_number(value):
    """20230105 typed without separators, which Excel keeps as a number, as its text."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and 19000101 <= value <= 29991231 and float(value).is_integer():
        return str(int(value))
    return None


def _round_to_second(value):
    """Excel keeps times as fractions of a day: 14:30 may come back as 14:29:59.999."""
    return (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)


def _ymd(y, m, d):
    if int(y) not in YEARS:
        raise CellError(OUT_OF_RANGE)
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        raise CellError(f"日期 {y}年{int(m)}月{int(d)}日 不存在") from None


# How date-times are written in nearly every export (2023-01-05 14:30, every number with its digits),
# read at once by the standard library; anything else (2023/1/5, 2023年1月5日, …) by the rules below.
PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
PLAIN_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?")


def _plain(pattern, read, value):
    """`read(value)` for a cell written exactly as `pattern`, or None to read it the long way."""
    if value.__class__ is str and pattern.fullmatch(value):
        try:
            parsed = read(value)
        except ValueError:
            return None  # no such day or time: the rules below say why
        return parsed if parsed.year in YEARS else None
    return None


def date(value):
    if value is None or value == "":
        return None
    if (parsed := _plain(PLAIN_DATE, dt.date.fromisoformat, value)) is not None:
        return parsed
    if isinstance(value, dt.datetime):
        return _in_range(value.date())
    if isinstance(value, dt.date):
        return _in_range(value)
    if isinstance(value, (int, float)) and _compact_number(value) is None:
        return _serial(value).date()
    v = text(value)
    if not v:
        return None
    head = v.split()[0]  # a date-time written as text keeps only its date
    for candidate in (v, head):  # `2023 年 1 月 5 日` has spaces inside
        for pattern in (DATE_TEXT, DATE_COMPACT):
            if match := pattern.match(candidate):
                return _ymd(*match.groups())
    if re.fullmatch(r"\d{5}(\.\d+)?", head):
        return _serial(float(head)).date()
    raise CellError("日期格式无法识别，请写成 2023-01-05 或 2023年1月5日")


def datetime(value):
    """A naive date-time as written (the importer makes it aware in Asia/Shanghai)."""
    if value is None or value == "":
        return None
    if (parsed := _plain(PLAIN_DATETIME, dt.datetime.fromisoformat, value)) is not None:
        return parsed
    if isinstance(value, dt.datetime):
        return _round_to_second(_in_range(value))
    if isinstance(value, dt.date):
        return dt.datetime.combine(_in_range(value), dt.time())
    if isinstance(value, (int, float)) and _compact_number(value) is None:
        return _round_to_second(_serial(value))
    v = text(value).replace("T", " ")
    if not v:
        return None
    day_part, _, time_part = v.partition(" ")
    time_part = time_part.strip()
    if not time_part and (match := re.fullmatch(r"(.+?日)(\d{1,2}[:：].+)", v)):
        day_part, time_part = match.groups()
    day = date(day_part)
    if day is None:  # a time without its day (`T`, `T14:30`)
        raise CellError("日期格式无法识别，请写成 2023-01-05 或 2023年1月5日")
    if not time_part:
        return dt.datetime.combine(day, dt.time())
    match = TIME_TEXT.match(time_part)
    if not match:
        raise CellError("时间格式无法识别，请写成 2023-01-05 14:30")
    hour, minute, second = (int(x) if x else 0 for x in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        raise CellError("时间不存在")
    return dt.datetime.combine(day, dt.time(hour, minute, second))


def month(value):
    """The first day of the month a cell names (`2024-03`, `2024年3月`, `202403`, or a date in it)."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and 1900 <= value < 2100:
        raise CellError(f"月份被 Excel 转成了数字（{text(value)}），请写成 2024-03 或 2024年3月")
    if isinstance(value, (dt.date, dt.datetime, int, float)) and not (
        isinstance(value, (int, float)) and 190001 <= value <= 299912
    ):
        return date(value).replace(day=1)
    v = text(value)
    if not v:
        return None
    for pattern in (MONTH_TEXT, MONTH_COMPACT):
        if match := pattern.match(v):
            y, m = (int(x) for x in match.groups())
            if y not in YEARS:
                raise CellError(OUT_OF_RANGE)
            if not 1 <= m <= 12:
                raise CellError(f"月份 {y}年{m}月 不存在")
            return dt.date(y, m, 1)
    return date(v).replace(day=1)


def choice(value, choices, aliases=None):
    """One of a fixed vocabulary; `aliases` maps other spellings to it."""
    v = compact(value)
    if not v:
        return None
    v = (aliases or {}).get(v, v)
    if v not in choices:
        raise CellError("应为以下之一：" + "、".join(choices))
    return v


def split_list(value):
    """Several values in one cell, separated by 、，,;； or line breaks."""
    return [part.strip() for part in re.split(r"[、，,;；\n]+", text(value)) if part.strip()]
