"""Reading the `services` dataset's list cells: materials, steps, places, fees, phones, links."""

import pytest

from importers.datasets.services import (
    parse_fees,
    parse_materials,
    parse_phones,
    parse_proxy,
    parse_steps,
    parse_url,
    render_materials,
    render_steps,
)
from importers.errors import CellError


def test_materials_read_every_way_offices_write_them():
    materials = parse_materials("居民身份证原件1份；户口簿复印件2份（电子）\n近期免冠照片（视情况提供）：2寸白底")
    assert materials == (
        ("居民身份证", "原件", 1, "纸质", True, ""),
        ("户口簿", "复印件", 2, "电子", True, ""),
        ("近期免冠照片", "原件", 1, "纸质", False, "2寸白底"),
    )
    assert parse_materials(render_materials(materials)) == materials  # written back the same


def test_steps_lose_their_numbering():
    assert parse_steps("1、申请\n第二步：受理\n（3）审核：3个工作日\n4.办结") == (
        ("申请", ""),
        ("受理", ""),
        ("审核", "3个工作日"),
        ("办结", ""),
    )


@pytest.mark.parametrize("value", ["居民身份证原件99份", "（视情况提供）"])
def test_impossible_materials_are_refused_in_chinese(value):
    with pytest.raises(CellError) as error:
        parse_materials(value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error.value.message)


def test_steps_written_back_read_the_same():
    steps = parse_steps("提交申请：到社区窗口递交材料（原件）\n受理审核\n办结")
    assert parse_steps(render_steps(steps)) == steps


def test_full_width_punctuation_typed_in_the_admin_survives():
    materials = (("户口簿", "复印件", 1, "纸质", True, "首页和本人页，户主签字"),)
    assert parse_materials(render_materials(materials)) == materials


@pytest.mark.parametrize(
    ("value", "fees"), [("否", "不收费"), ("免费", "不收费"), ("工本费10元", "工本费10元"), ("", None)]
)
def test_fees(value, fees):
    assert parse_fees(value) == fees


@pytest.mark.parametrize(("value", "expected"), [("是", True), ("红色代办", True), ("否", False), ("", None)])
def test_proxy(value, expected):
    assert parse_proxy(value) is expected


@pytest.mark.parametrize("value", ["javascript:alert(1)", "ftp://x.cn/", "data:text/html,<script>", "zwfw"])
def test_only_web_links_are_taken(value):
    with pytest.raises(CellError, match="http"):
        parse_url(value)


def test_phones_are_checked_and_written_one_way():
    assert parse_phones("0971 8123456；12345") == "0971-8123456、12345"
    with pytest.raises(CellError, match="电话号码"):
        parse_phones("请拨打")


def test_notes_longer_than_their_field_are_refused_not_cut():
    note = "复印件须加盖单位公章" * 20  # 200 characters: kept whole
    assert parse_materials(f"营业执照复印件1份：{note}")[0][5] == note
    with pytest.raises(CellError, match="最多200个字"):
        parse_materials(f"营业执照复印件1份：{note}。")
    assert parse_steps("受理：" + "审" * 500)[0][1] == "审" * 500
    with pytest.raises(CellError, match="第1步的说明太长"):
        parse_steps("受理：" + "审" * 501)
