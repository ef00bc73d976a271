"""Cell parsers against the spec's "What every file may look like": every form it lists, and the traps."""

import datetime as dt
from decimal import Decimal

import pytest

from importers import cleaning
from importers.errors import CellError
from importers.headers import as_written, normalise_header
from importers.names import name_key

from .files import LI_ID, WANG_ID, make_id


def refused(parse, value, *args, **kwargs):
    with pytest.raises(CellError) as info:
        parse(value, *args, **kwargs)
    return info.value.message


# -- text --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  兰新社区  ", "兰新社区"),
        ("\u3000兰新社区\u3000", "兰新社区"),  # the ideographic space
        ("\xa0兰新社区\t", "兰新社区"),
        ("１３９０９７１２３４５", "13909712345"),  # full-width digits
        ("ＡＢＣ１２３", "ABC123"),  # full-width letters
        (13909712345.0, "13909712345"),  # a number cell: no `.0`
        (12, "12"),
        (12.5, "12.5"),
        (None, ""),
        ("'=SUM(A1)", "=SUM(A1)"),  # our exports escape formulas; the importer removes the escape
        ("'-5", "-5"),
        ("it's", "it's"),
        (dt.date(2023, 1, 5), "2023-01-05"),
    ],
)
def test_text(raw, clean):
    assert cleaning.text(raw) == clean


@pytest.mark.parametrize("raw", ["王　伟", "王 伟", " 王伟 ", "王\u3000\u3000伟", "王\n伟", "\u3000王 伟\u3000"])
def test_names_padded_inside_are_the_name(raw):
    assert cleaning.compact(raw) == "王伟"


# -- yes/no ------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["是", "Y", "y", "√", "1", 1.0, 1, "有", "YES", "ｙ", " 是 ", "\u3000√", True])
def test_yes(raw):
    assert cleaning.yes_no(raw) is True


@pytest.mark.parametrize("raw", ["否", "N", "n", "×", "0", 0.0, 0, "无", "NO", " 否\u3000", False])
def test_no(raw):
    assert cleaning.yes_no(raw) is False


@pytest.mark.parametrize("raw", [None, "", "  ", "\u3000"])
def test_yes_no_blank(raw):
    assert cleaning.yes_no(raw) is None


@pytest.mark.parametrize("raw", ["也许", "2", "待定"])
def test_yes_no_refuses_other_values(raw):
    assert refused(cleaning.yes_no, raw) == "应填“是”或“否”"


# -- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12.5", Decimal("12.50")),
        (12.5, Decimal("12.50")),
        (12, Decimal("12.00")),
        ("１２．５", Decimal("12.50")),
        (" 1,234.5 ", Decimal("1234.50")),
        ("\u300012\u3000", Decimal("12.00")),
        (0.1 + 0.2, Decimal("0.30")),
    ],
)
def test_decimal(raw, value):
    assert cleaning.decimal(raw) == value


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000"])
def test_decimal_blank(raw):
    assert cleaning.decimal(raw) is None


@pytest.mark.parametrize("raw", ["十二", "12小时?", "1.2.3", "abc"])
def test_decimal_refuses_words(raw):
    assert refused(cleaning.decimal, raw) == "应为数字"


@pytest.mark.parametrize("raw", ["-1", "1e10", "NaN", "Infinity"])
def test_decimal_refuses_out_of_range(raw):
    assert "之间的数字" in refused(cleaning.decimal, raw) or refused(cleaning.decimal, raw) == "应为数字"


@pytest.mark.parametrize(("raw", "value"), [("12", 12), (12.0, 12), ("１２", 12), (" 300 ", 300), ("1,200", 1200)])
def test_integer(raw, value):
    assert cleaning.integer(raw) == value


def test_integer_refuses_fractions():
    assert refused(cleaning.integer, "12.5") == "应为整数"
    assert refused(cleaning.integer, 12.5) == "应为整数"


# -- mobiles and landlines ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "13909712345",
        13909712345.0,
        13909712345,
        "+86 13909712345",
        "+8613909712345",
        "86 13909712345",
        "8613909712345",
        "+86-139-0971-2345",
        "139 0971 2345",
        "139-0971-2345",
        "１３９０９７１２３４５",
        "\u300013909712345\u3000",
        "＋８６ １３９０９７１２３４５",
    ],
)
def test_mobile_forms(raw):
    assert cleaning.mobile(raw) == "13909712345"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1390971", "手机号码应为11位数字"),
        (1390971.0, "手机号码应为11位数字"),
        ("139097123456", "手机号码应为11位数字"),
        ("1390971234a", "手机号码只能包含数字"),
        ("12909712345", "手机号码应以13至19开头"),
        ("0971-8123456", "手机号码应以13至19开头"),  # a landline where only a mobile is allowed
        ("139****2345", "打码"),
    ],
)
def test_mobile_refused(raw, message):
    assert message in refused(cleaning.mobile, raw)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("0971-8123456", "0971-8123456"),
        ("(0971)8123456", "0971-8123456"),
        ("（0971）8123456", "0971-8123456"),
        ("09718123456", "0971-8123456"),
        ("0971 8123456", "0971-8123456"),
        ("010-12345678", "010-12345678"),
        ("(010)12345678", "010-12345678"),
        ("+86 139-0971-2345", "13909712345"),  # a mobile is a phone too
    ],
)
def test_phone_allows_landlines(raw, clean):
    assert cleaning.phone(raw) == clean


def test_phone_refuses_other_numbers():
    assert "带区号的固定电话" in refused(cleaning.phone, "8123456")


# -- resident ID numbers ---------------------------------------------------------------------


def test_id_number_with_check_digit():
    assert cleaning.id_number(WANG_ID) == WANG_ID
    assert LI_ID.endswith("X")
    assert cleaning.id_number(LI_ID) == LI_ID
    assert cleaning.id_number(LI_ID.lower()) == LI_ID  # x is X
    assert cleaning.id_number(f" {WANG_ID[:6]} {WANG_ID[6:]}\u3000") == WANG_ID
    full_width = WANG_ID.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert cleaning.id_number(full_width) == WANG_ID


def test_id_number_as_a_whole_number_cell_is_kept():
    """A reader that gives an int (not a float) has all the digits."""
    assert cleaning.id_number(int(WANG_ID)) == WANG_ID


def test_id_number_wrong_check_digit():
    wrong = WANG_ID[:17] + str((int(WANG_ID[17]) + 1) % 10)
    assert refused(cleaning.id_number, wrong) == "身份证号校验位不正确，请核对"


@pytest.mark.parametrize(
    "raw",
    [
        6.30102199001011e17,  # the number Excel made of it
        float(WANG_ID),
        "6.30102199001011E+17",  # as the CSV Excel saves shows it
        "6.30102E+17",
        "6.30102e17",
    ],
)
def test_id_number_in_scientific_notation_is_an_error(raw):
    assert "科学计数法" in refused(cleaning.id_number, raw)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("62098119900101123", "身份证号应为18位"),
        ("62098119900101123Y", "身份证号应为18位"),
        (make_id(birth="19900230"), "出生日期不存在"),
        ("620981********1232", "打码"),
    ],
)
def test_id_number_refused(raw, message):
    assert message in refused(cleaning.id_number, raw)


def test_gender_from_id():
    assert cleaning.gender_from_id(WANG_ID) == "男"
    assert cleaning.gender_from_id(LI_ID) == "女"


# -- dates, date-times, months ---------------------------------------------------------------

JAN5 = dt.date(2023, 1, 5)


@pytest.mark.parametrize(
    "raw",
    [
        JAN5,  # an Excel date cell
        dt.datetime(2023, 1, 5),
        dt.datetime(2023, 1, 5, 14, 30),
        44931,  # an Excel serial number
        44931.0,
        44931.6,
        "44931",
        "2023-01-05",
        "2023/1/5",
        "2023.1.5",
        "2023年1月5日",
        "2023年01月05日",
        "20230105",
        20230105,  # typed without separators, Excel keeps it as a number
        20230105.0,
        " 2023 年 1 月 5 日 ",
        "２０２３－０１－０５",
        "2023-01-05 14:30",
        "\u30002023/1/5\u3000",
    ],
)
def test_date_forms(raw):
    assert cleaning.date(raw) == JAN5


@pytest.mark.parametrize("raw", [None, "", "  ", "\u3000"])
def test_date_blank(raw):
    assert cleaning.date(raw) is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2023-02-30", "不存在"),
        ("2023年13月1日", "不存在"),
        ("明年", "日期格式无法识别"),
        ("1/5/2023", "日期格式无法识别"),
        (-3, "日期超出范围"),
    ],
)
def test_date_refused(raw, message):
    assert message in refused(cleaning.date, raw)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (dt.datetime(2023, 1, 5, 14, 30), dt.datetime(2023, 1, 5, 14, 30)),
        (dt.datetime(2023, 1, 5, 14, 30, 15, 999), dt.datetime(2023, 1, 5, 14, 30, 15)),
        (JAN5, dt.datetime(2023, 1, 5)),
        (44931.6041666667, dt.datetime(2023, 1, 5, 14, 30)),  # a serial with its time
        ("2023-01-05 14:30", dt.datetime(2023, 1, 5, 14, 30)),
        ("2023-01-05 14:30:15", dt.datetime(2023, 1, 5, 14, 30, 15)),
        ("2023/1/5 9:05", dt.datetime(2023, 1, 5, 9, 5)),
        ("2023.1.5 14:30", dt.datetime(2023, 1, 5, 14, 30)),
        ("2023年1月5日 14:30", dt.datetime(2023, 1, 5, 14, 30)),
        ("2023年1月5日14:30", dt.datetime(2023, 1, 5, 14, 30)),
        ("2023年1月5日 14：30：15", dt.datetime(2023, 1, 5, 14, 30, 15)),
        ("20230105 14:30", dt.datetime(2023, 1, 5, 14, 30)),
        ("2023-01-05T14:30:00", dt.datetime(2023, 1, 5, 14, 30)),
        ("2023-1-5 9:05", dt.datetime(2023, 1, 5, 9, 5)),  # not every number with its digits: the long way
        ("２０２３-０１-０５ ０９:０５", dt.datetime(2023, 1, 5, 9, 5)),
        ("2023-01-05", dt.datetime(2023, 1, 5)),
        (20230105, dt.datetime(2023, 1, 5)),
    ],
)
def test_datetime_forms(raw, value):
    assert cleaning.datetime(raw) == value


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2023-01-05 25:00", "时间不存在"),
        ("2023-01-05 24:00", "时间不存在"),
        ("2023-01-05 14:30:60", "时间不存在"),
        ("2023-01-05 下午", "时间格式"),
        ("2023-01-05 14:30+08:00", "时间格式"),  # a time zone is not a time as written
        ("2023-02-30 10:00", "2023年2月30日 不存在"),
        ("2101-01-05 10:00", "日期超出范围"),
        ("1899-12-31 23:59", "日期超出范围"),
        ("T", "日期格式无法识别"),
        ("T14:30", "日期格式无法识别"),
    ],
)
def test_datetime_refused(raw, message):
    assert message in refused(cleaning.datetime, raw)


MARCH = dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    "raw",
    [
        "2024-03",
        "2024-3",
        "2024/3",
        "2024/03",
        "2024.3",
        "2024年3月",
        "2024年03月",
        "202403",
        202403,
        202403.0,
        dt.date(2024, 3, 15),  # a date in that month
        dt.datetime(2024, 3, 1),
        "2024-03-15",
        "2024年3月15日",
        45352,  # serial of 2024-03-01
        "２０２４年３月",
    ],
)
def test_month_forms(raw):
    assert cleaning.month(raw) == MARCH


@pytest.mark.parametrize(("raw", "message"), [("2024-13", "不存在"), ("202413", "不存在"), ("三月", "无法识别")])
def test_month_refused(raw, message):
    assert message in refused(cleaning.month, raw)


def test_month_as_a_number_excel_made_is_not_a_1905_date():
    """Typing 2024.3 into Excel makes the number 2024.3; read as a serial it would be July 1905."""
    assert "月份" in refused(cleaning.month, 2024.3)
    assert "月份" in refused(cleaning.month, 2024)


# -- vocabularies and lists -------------------------------------------------------------------


def test_choice():
    assert cleaning.choice(" 网格长 ", ["网格长", "楼栋长"]) == "网格长"
    assert cleaning.choice("专职", ["专职网格员"], {"专职": "专职网格员"}) == "专职网格员"
    assert cleaning.choice("", ["网格长"]) is None
    assert refused(cleaning.choice, "组长", ["网格长", "楼栋长"]) == "应为以下之一：网格长、楼栋长"


@pytest.mark.parametrize(
    "raw", ["理发、义诊", "理发，义诊", "理发,义诊", "理发;义诊", "理发；义诊", "理发\n义诊", " 理发 、 义诊 、"]
)
def test_split_list(raw):
    assert cleaning.split_list(raw) == ["理发", "义诊"]


# -- headers and names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "手机号码",
        "*手机号码",
        "＊手机号码",
        "手机号码*",
        "手机号码（必填）",
        "手机号码(必填)",
        "手机号码（ 必填 ）",
        "手 机 号 码",
        "手机号码 ",
        "手机号码\n（必填）",
        "\u3000手机号码\u3000",
        "※手机号码",
    ],
)
def test_header_marks_and_spacing(raw):
    assert normalise_header(raw) == "手机号码"


def test_header_brackets_are_the_same_either_width():
    assert normalise_header("服务时长（小时）") == normalise_header("服务时长(小时)") == "服务时长(小时)"


def test_header_as_written_keeps_marks():
    assert as_written("  手机号码（必填）\u3000") == "手机号码（必填）"
    assert as_written("*姓 名 ") == "*姓 名"
    assert as_written(None) == ""


@pytest.mark.parametrize("raw", ["蘭新社區", "兰新社区", "兰新 社区", "蘭新\u3000社區", " 兰新社区 "])
def test_traditional_names_find_the_simplified_one(raw):
    assert name_key(raw) == "兰新社区"


def test_name_key_of_a_grid():
    assert name_key("蘭新第一網格1號樓院") == "兰新第一网格1号楼院"


@pytest.mark.parametrize("raw", ["13909712345.0", "13909712345.00"])
def test_mobile_written_as_a_number_with_its_decimal_point(raw):
    """Another program wrote the number cell as text, `.0` and all."""
    assert cleaning.mobile(raw) == "13909712345"
