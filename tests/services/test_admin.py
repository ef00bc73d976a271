"""The admin: categories and life situations scoped to the district (listings, edit URLs typed by
hand, choosers), and the guide form offering and accepting only the district's own rows."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from services.models import LifeSituation, ServiceCategory, ServiceGuidePage


@pytest.fixture
def editor(client, make_user):
    user = make_user("630100", "editor")
    client.force_login(user)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("model", [ServiceCategory, LifeSituation])
def test_snippets_show_the_users_district_only(client, editor, xining, yumen, model):
    name = model._meta.model_name
    listing = client.get(f"/admin/snippets/services/{name}/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "西宁市" in html and "玉门市" not in html
    own = model.objects.filter(district=xining).first()
    other = model.objects.filter(district=yumen).first()
    assert client.get(f"/admin/snippets/services/{name}/edit/{own.pk}/").status_code == 200
    for view in ("edit", "delete", "inspect", "history", "usage"):
        assert client.get(f"/admin/snippets/services/{name}/{view}/{other.pk}/").status_code == 404, view
    chooser = client.get(f"/admin/snippets/choose/services/{name}/").json()["html"]
    assert f"/chosen/{own.pk}/" in chooser and f"/chosen/{other.pk}/" not in chooser
    assert client.get(f"/admin/snippets/choose/services/{name}/chosen/{other.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_category_is_added_in_chinese_and_duplicates_are_refused(client, editor, xining):
    url = "/admin/snippets/services/servicecategory/add/"
    form = client.get(url).content.decode()
    assert "服务类别" in form and "图标" in form and "排序" in form
    data = {"district": xining.pk, "name": "养老服务", "icon": "elder", "order": "5", "description": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "本行政区已有同名服务类别" in response.content.decode()
    data["name"] = "退役军人服务"
    assert client.post(url, data).status_code == 302
    assert ServiceCategory.objects.filter(district=xining, name="退役军人服务").exists()


@pytest.mark.django_db
def test_a_user_cannot_add_a_category_to_another_district(client, editor, yumen):
    url = "/admin/snippets/services/servicecategory/add/"
    data = {"district": yumen.pk, "name": "越权类别", "icon": "other", "order": "1", "description": ""}
    response = client.post(url, data)
    assert response.status_code == 200 and not ServiceCategory.objects.filter(name="越权类别").exists()


def guide_form(title, category, *, places=(), situations=()):
    data = nested_form_data(
        {
            "title": title,
            "slug": "",
            "category": category.pk,
            "code": "",
            "audience": "本市居民",
            "conditions": "",
            "legal_basis": "",
            "materials": inline_formset(
                [{"name": "居民身份证", "form": "原件", "copies": "1", "medium": "纸质", "required": "on", "note": ""}]
            ),
            "steps": inline_formset([{"title": "提交申请", "text": ""}]),
            "legal_time_limit": "",
            "promised_time_limit": "即办",
            "visits": "1",
            "fees": "不收费",
            "places": inline_formset(list(places)),
            "hours": "",
            "consult_phone": "0971-8123456",
            "complaint_phone": "12345",
            "can_proxy": "on",
            "proxy_kind": "红色代办",
            "proxy_how": "联系网格员",
            "online_url": "",
            "online_name": "",
            "questions": inline_formset([]),
            "related": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "comments": inline_formset([]),
        }
    )
    data["life_situations"] = [s.pk for s in situations]  # a multiple choice: one value per box ticked
    return data


def place(centre=None, window=None, name="", hours=""):
    return {
        "centre": centre.pk if centre else "",
        "window": window.pk if window else "",
        "name": name,
        "address": "",
        "hours": hours,
    }


@pytest.mark.django_db
def test_the_guide_form_saves_a_guide_at_the_districts_centre(client, editor, catalogue, category, open_centre):
    url = f"/admin/pages/add/services/serviceguidepage/{catalogue.pk}/"
    form = client.get(url).content.decode()
    assert "所需材料" in form and "办理地点" in form and "玉门" not in form.split("生活情境")[1][:3000]
    data = guide_form(
        "测试：后台新建事项",
        category,
        places=[place(open_centre, open_centre.windows.first(), hours="周二上午"), place(name="市政务服务中心")],
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ServiceGuidePage.objects.get(title="测试：后台新建事项").get_latest_revision_as_object()
    assert [p.label for p in page.places.all()] == ["全天党群服务站", "市政务服务中心"]
    assert page.places.all()[0].hours == "周二上午"


@pytest.mark.django_db
def test_the_guide_form_refuses_another_districts_rows(
    client, editor, catalogue, category, yumen, yumen_centre, open_centre
):
    url = f"/admin/pages/add/services/serviceguidepage/{catalogue.pk}/"
    before = ServiceGuidePage.objects.count()

    html = client.post(url, guide_form("测试：越界中心", category, places=[place(yumen_centre)])).content.decode()
    assert "属于另一个行政区，只能选择西宁市的服务中心" in html

    window = yumen_centre.windows.first()
    html = client.post(
        url, guide_form("测试：越界窗口", category, places=[place(open_centre, window)])
    ).content.decode()
    assert "测试：越界窗口" in html and "有效" in html  # not among the choices: the form says so

    other_category = ServiceCategory.objects.get(district=yumen, name="养老服务")
    html = client.post(url, guide_form("测试：越界类别", other_category)).content.decode()
    assert "有效" in html

    other_situation = LifeSituation.objects.get(district=yumen, name="养老")
    html = client.post(url, guide_form("测试：越界情境", category, situations=[other_situation])).content.decode()
    assert "有效" in html

    bad = guide_form("测试：坏电话", category)
    bad["consult_phone"], bad["online_url"] = "call me", "javascript:alert(1)"
    html = client.post(url, bad).content.decode()
    assert "不是有效的电话号码" in html and "http://" in html
    assert ServiceGuidePage.objects.count() == before
