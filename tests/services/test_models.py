"""Service guides refuse bad input with a Chinese message and save nothing: phones, links,
codes, hostile text, and links to another district's categories, situations, centres and windows."""

import pytest
from django.core.exceptions import ValidationError

from services.models import LifeSituation, ServiceCategory, ServiceGuidePage, ServicePlace
from services.phones import normalize_phones

from .conftest import add_guide


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("0971 8123456", "0971-8123456"),
        ("（0937）3221234", "0937-3221234"),
        ("13909712345", "13909712345"),
        ("+86 139 0971 2345", "13909712345"),
        ("12345", "12345"),
        ("12349；0971-8123456", "12349、0971-8123456"),
        ("400-123-4567", "400-123-4567"),
        ("", ""),
    ],
)
def test_phones_are_written_one_way(raw, clean):
    assert normalize_phones(raw) == clean


@pytest.mark.parametrize(
    "raw",
    [
        "abc",
        "123",
        "<script>alert(1)</script>",
        "0971-81",
        "1390971234",
        "12345、12349、12333、12315、12338",
        "'; DROP",
    ],
)
def test_bad_phones_are_refused_in_chinese(raw):
    with pytest.raises(ValidationError) as error:
        normalize_phones(raw)
    assert any("电话" in m for m in error.value.messages)


def refused(catalogue, **fields):
    """add_guide raises ValidationError; nothing is saved. Returns the errors by field."""
    before = ServiceGuidePage.objects.count()
    with pytest.raises(ValidationError) as error:
        add_guide(catalogue, fields.pop("title", "测试事项"), **fields)
    assert ServiceGuidePage.objects.count() == before
    return error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("consult_phone", "javascript:alert(1)", "电话"),
        ("complaint_phone", "110110110110", "电话"),
        ("online_url", "javascript:alert(1)", "http"),
        ("online_url", "ftp://example.org/form", "http"),
        ("online_url", "data:text/html,<script>alert(1)</script>", "http"),
        ("code", "<script>", "事项编码"),
        ("code", "1' OR '1'='1", "事项编码"),
    ],
)
def test_bad_fields_are_refused(catalogue, category, field, value, words):
    errors = refused(catalogue, category=category, **{field: value})
    assert any(words in m for m in errors[field]), errors


@pytest.mark.django_db
def test_phones_are_saved_normalised(catalogue, category):
    page = add_guide(catalogue, "电话测试", category=category, consult_phone="0971 8123456、12345")
    assert ServiceGuidePage.objects.get(pk=page.pk).consult_phone == "0971-8123456、12345"


@pytest.mark.django_db
def test_proxy_rules(catalogue, category):
    page = add_guide(catalogue, "可代办默认方式", category=category, can_proxy=True)
    assert page.proxy_kind == "代办服务"
    errors = refused(catalogue, category=category, can_proxy=False, proxy_how="找网格员")
    assert "可代办" in errors["proxy_kind"][0]


@pytest.mark.django_db
def test_code_is_unique_in_the_district(catalogue, category):
    add_guide(catalogue, "编码一", category=category, code="630100-TEST-1")
    errors = refused(catalogue, title="编码二", category=category, code="630100-TEST-1")
    assert "已有事项编码" in errors["code"][0]


@pytest.mark.django_db
def test_another_districts_category_is_refused(catalogue, yumen):
    other = ServiceCategory.objects.get(district=yumen, name="养老服务")
    errors = refused(catalogue, category=other)
    assert "属于另一个行政区" in errors["category"][0]


@pytest.mark.django_db
def test_another_districts_life_situation_is_refused(catalogue, category, yumen):
    other = LifeSituation.objects.get(district=yumen, name="养老")
    errors = refused(catalogue, category=category, situations=[other])
    assert "属于另一个行政区" in errors["life_situations"][0]


@pytest.mark.django_db
def test_another_districts_centre_is_refused(catalogue, category, yumen_centre):
    errors = refused(catalogue, category=category, centres=[yumen_centre])
    assert any("属于另一个行政区" in m and "玉门测试服务中心" in m for m in errors["__all__"])


@pytest.mark.django_db
def test_a_window_of_another_centre_is_refused(catalogue, category, open_centre, closed_centre):
    page = ServiceGuidePage(title="窗口测试", category=category, audience="本市居民")
    page.places = [ServicePlace(centre=open_centre, window=closed_centre.windows.first())]
    with pytest.raises(ValidationError) as error:
        catalogue.add_child(instance=page)
    assert any("不属于所选的服务中心" in m for m in error.value.message_dict["__all__"])


@pytest.mark.django_db
def test_a_place_needs_a_centre_or_a_name(catalogue, category):
    page = ServiceGuidePage(title="空地点", category=category, audience="本市居民")
    page.places = [ServicePlace(name="  ")]
    with pytest.raises(ValidationError) as error:
        catalogue.add_child(instance=page)
    assert "须选择服务中心或填写地点名称" in error.value.message_dict["__all__"][0]


@pytest.mark.django_db
def test_hostile_text_is_shown_as_text(client, catalogue, category):
    page = add_guide(
        catalogue,
        "<img src=x onerror=alert(1)>",
        category=category,
        audience="<script>alert('x')</script>",
        materials=["<b>身份证</b>"],
    )
    html = client.get(page.url).content.decode()
    assert "<script>alert(" not in html and "<img src=x" not in html and "<b>身份证</b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;身份证&lt;/b&gt;" in html
