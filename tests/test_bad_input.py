"""Bad input in the admin forms is refused with a Chinese message, and nothing is saved."""

import pytest
from django.urls import reverse

from districts.colours import contrast_ratio, normalise_colour
from districts.models import District
from snippets.models import Community, Grid

VALID_DISTRICT = {
    "name": "格尔木市",
    "short_name": "格尔木",
    "code": "632801",
    "level": "county",
    "parent": "",
    "slogan": "四级三联动",
    "colour_primary": "#9c1c1c",
    "colour_on_primary": "#ffffff",
    "colour_accent": "#6b4e00",
}


def post_district(client, **changes):
    data = {**VALID_DISTRICT, **changes}
    return client.post(reverse("wagtailsnippets_districts_district:add"), data)


def form_errors(response):
    form = response.context["form"]
    return {field: " ".join(str(e) for e in errors) for field, errors in form.errors.items()}


@pytest.fixture
def admin_client_(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.django_db
def test_a_valid_district_is_saved(admin_client_):
    response = post_district(admin_client_, parent=District.objects.get(code="632800").pk)
    assert response.status_code == 302
    assert District.objects.get(code="632801").parent.code == "632800"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "63280"}, "code", "行政区划代码应为6位数字"),
        ({"code": "63280A"}, "code", "行政区划代码应为6位数字"),
        ({"code": "992801"}, "code", "前两位 99 不是有效的省级代码"),
        ({"code": "630100"}, "code", "已被另一个行政区使用"),
        ({"level": "prefecture"}, "level", "对应的层级是“区县”"),
        ({"colour_primary": "red-ish"}, "colour_primary", "不是有效的颜色"),
        ({"colour_primary": "#12345"}, "colour_primary", "不是有效的颜色"),
        ({"colour_on_primary": "javascript:alert(1)"}, "colour_on_primary", "不是有效的颜色"),
        ({"colour_primary": "#ffcc00"}, "colour_on_primary", "对比度为 1.51:1"),
        ({"colour_accent": "#dddddd"}, "colour_accent", "低于无障碍标准"),
    ],
)
def test_bad_district_is_refused(admin_client_, changes, field, message):
    before = District.objects.count()
    response = post_district(admin_client_, **changes)
    assert response.status_code == 200
    assert message in form_errors(response).get(field, ""), form_errors(response)
    assert District.objects.count() == before


@pytest.mark.django_db
def test_parent_must_contain_the_code(admin_client_):
    response = post_district(admin_client_, parent=District.objects.get(code="630100").pk)
    assert "不属于上级行政区“西宁市”" in form_errors(response)["parent"]
    response = post_district(admin_client_, code="632899", parent=District.objects.get(code="620981").pk)
    assert "层级须高于本行政区" in form_errors(response)["parent"]
    assert not District.objects.filter(name="格尔木市").exists()


def test_colour_helpers():
    assert normalise_colour(" #ABC ") == "#aabbcc"
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#777777", "#ffffff"), 2) == 4.48


@pytest.fixture
def data_admin(client, make_user):
    client.force_login(make_user("620981", "data_admin"))
    return client


def grid_form(community, **changes):
    data = {
        "district": community.district_id,
        "community": community.pk,
        "name": "新网格",
        "code": "",
        "level": 3,
        "parent": "",
        "households": 420,
        "party_branch": "新网格党支部",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_data_admin_adds_a_grid(data_admin, yumen):
    community = Community.objects.get(district=yumen, name="兰新社区")
    parent = Grid.objects.get(community=community, level=2)
    response = data_admin.post(reverse("wagtailsnippets_snippets_grid:add"), grid_form(community, parent=parent.pk))
    assert response.status_code == 302
    assert Grid.objects.get(name="新网格").parent == parent


@pytest.mark.django_db
def test_grid_whose_parent_is_in_another_community_is_refused(data_admin, yumen):
    lanxin = Community.objects.get(district=yumen, name="兰新社区")
    jianshe = Community.objects.get(district=yumen, name="建设社区")
    parent = Grid.objects.get(community=lanxin, level=2)
    response = data_admin.post(reverse("wagtailsnippets_snippets_grid:add"), grid_form(jianshe, parent=parent.pk))
    assert response.status_code == 200
    assert "属于另一个社区" in form_errors(response)["parent"]
    assert not Grid.objects.filter(name="新网格").exists()


@pytest.mark.django_db
def test_cycle_of_parent_grids_is_refused(data_admin, yumen):
    top = Grid.objects.get(community__name="兰新社区", level=1)
    child = Grid.objects.get(community__name="兰新社区", level=2)
    url = reverse("wagtailsnippets_snippets_grid:edit", args=(top.pk,))
    data = grid_form(top.community, name=top.name, code=top.code, level=1, parent=child.pk)
    response = data_admin.post(url, data)
    assert response.status_code == 200
    assert "循环" in form_errors(response)["parent"]
    top.refresh_from_db()
    assert top.parent is None


@pytest.mark.django_db
def test_grid_level_must_follow_its_parent(data_admin, yumen):
    community = Community.objects.get(district=yumen, name="兰新社区")
    top = Grid.objects.get(community=community, level=1)
    response = data_admin.post(
        reverse("wagtailsnippets_snippets_grid:add"), grid_form(community, level=3, parent=top.pk)
    )
    assert "三级网格的上级须是二级网格" in form_errors(response)["parent"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "兰新第一网格"}, "__all__", "本社区已有同名网格"),
        ({"households": -5}, "households", ""),
        ({"households": "三百"}, "households", ""),
        ({"level": 7}, "level", ""),
    ],
)
def test_bad_grid_fields_are_refused(data_admin, yumen, changes, field, message):
    community = Community.objects.get(district=yumen, name="兰新社区")
    before = Grid.objects.count()
    response = data_admin.post(reverse("wagtailsnippets_snippets_grid:add"), grid_form(community, **changes))
    assert response.status_code == 200
    errors = form_errors(response)
    assert field in errors and message in errors[field]
    assert Grid.objects.count() == before


@pytest.mark.django_db
def test_duplicate_grid_code_in_district_is_refused(data_admin, yumen):
    community = Community.objects.get(district=yumen, name="建设社区")
    taken = Grid.objects.filter(district=yumen).exclude(code="").first().code
    response = data_admin.post(reverse("wagtailsnippets_snippets_grid:add"), grid_form(community, code=taken))
    assert "相同编号" in " ".join(form_errors(response).values())


@pytest.mark.django_db
def test_form_defaults_to_the_users_only_district(data_admin, yumen):
    response = data_admin.get(reverse("wagtailsnippets_snippets_grid:add"))
    assert response.context["form"]["district"].initial == yumen.pk
