"""What the catalogue, a guide, the centre list and 15分钟服务圈 remember between requests (services.catalogue_index,
centres.opening, pagecache.shared): the district's guides, centres and their statuses. A change
in the admin shows on the next request; a status follows the clock without any change at all."""

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from centres import hours
from services.catalogue import PER_PAGE
from services.models import ServiceGuidePage

from .conftest import add_guide, make_centre

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 12, 7)
HERE = (Decimal("36.6171"), Decimal("101.7782"))


@pytest.fixture
def clock(monkeypatch):
    """clock.set(a naive Asia/Shanghai time): what the hours logic and the remembered parts take for now."""
    real_local = hours.local
    state = SimpleNamespace(now=None)

    def local(when):
        return real_local(state.now if when is None else when)

    def set_to(moment):
        state.now = moment.replace(tzinfo=hours.TZ)
        monkeypatch.setattr(hours, "local", local)
        monkeypatch.setattr(timezone, "now", lambda: state.now)

    return SimpleNamespace(set=set_to)


@pytest.fixture
def nine_to_five(xining_home, catalogue, category):
    centre = make_centre(
        xining_home, "朝九晚五服务站", opens=dt.time(9), closes=dt.time(17), latitude=HERE[0], longitude=HERE[1]
    )
    add_guide(catalogue, "测试：朝九晚五才能办的事项", category=category, centres=[centre])
    return centre


def html(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def centre_item(page, centre):
    """The centre's item in the catalogue's 按服务中心找 list."""
    found = re.search(rf'<li><a href="[^"]*centre={centre.pk}"[^>]*>{centre.title}</a>(.*?)</li>', page)
    assert found, centre.title
    return found.group(1)


def titles(page):
    return re.findall(r'class="svc-item__title" href="[^"]+">([^<]+)</a>', page)


def test_statuses_follow_the_clock_between_requests(client, catalogue, nine_to_five, clock):
    guide = ServiceGuidePage.objects.get(title="测试：朝九晚五才能办的事项")
    index = nine_to_five.get_parent().url
    nearby = f"{index}nearby/"
    moments = [
        (MONDAY.replace(hour=16, minute=59), "正在营业", True),
        (MONDAY.replace(hour=17, minute=1), "已下班，明天 9:00 开门", False),
        (MONDAY.replace(hour=23, minute=59), "已下班，明天 9:00 开门", False),
        (MONDAY + dt.timedelta(days=1, minutes=1), "尚未开门，今天 9:00 开门", False),  # midnight turned 明天 into 今天
        (MONDAY + dt.timedelta(days=1, hours=9), "正在营业", True),
    ]
    for moment, label, is_open in moments:
        clock.set(moment)
        page = html(client, catalogue.url)
        assert label in centre_item(page, nine_to_five), moment
        open_only = titles(html(client, catalogue.url, {"open": "1", "q": "朝九晚五"}))
        assert ("测试：朝九晚五才能办的事项" in open_only) is is_open, moment
        assert label in html(client, guide.url), moment
        assert label in html(client, nearby, {"lat": str(HERE[0]), "lng": str(HERE[1])}), moment
        assert label in html(client, index).split("朝九晚五服务站", 1)[1].split("</li>", 1)[0], moment


def test_a_guide_published_renamed_or_hidden_after_a_visit_shows_on_the_next_request(
    client, catalogue, category, django_capture_on_commit_callbacks
):
    def change(action):
        with django_capture_on_commit_callbacks(execute=True):  # the generation bump, as after a commit
            return action()

    total = ServiceGuidePage.objects.live().child_of(catalogue).count()
    assert f"共 <strong>{total}</strong> 项" in html(client, catalogue.url)

    guide = change(lambda: add_guide(catalogue, "测试：新发布的事项", category=category))
    page = html(client, catalogue.url, {"q": "新发布"})
    assert titles(page) == ["测试：新发布的事项"]
    assert f"共 <strong>{total + 1}</strong> 项" in html(client, catalogue.url)

    def rename():
        guide.title = "测试：改过名的事项"
        guide.save_revision().publish()

    change(rename)
    assert titles(html(client, catalogue.url, {"q": "改过名"})) == ["测试：改过名的事项"]

    def rename_category():
        category.name = "养老与关爱"
        category.save()

    change(rename_category)
    assert "养老与关爱" in html(client, catalogue.url)

    change(lambda: PageViewRestriction.objects.create(page=guide, restriction_type=PageViewRestriction.LOGIN))
    assert "测试：改过名的事项" not in html(client, catalogue.url, {"q": "改过名"})
    assert f"共 <strong>{total}</strong> 项" in html(client, catalogue.url)

    change(lambda: guide.unpublish())
    assert f"共 <strong>{total}</strong> 项" in html(client, catalogue.url)


def test_a_page_of_the_catalogue_reads_no_guide(client, catalogue, django_assert_max_num_queries):
    html(client, catalogue.url)
    # The generation numbers, the routing chain and view restrictions: the guides come from memory.
    with django_assert_max_num_queries(4) as queries:
        page = html(client, catalogue.url, {"page": 2})
    assert not any("services_serviceguidepage" in q["sql"] for q in queries.captured_queries)
    expected = ServiceGuidePage.objects.live().child_of(catalogue)
    expected = expected.order_by("category__order", "category__name", "title")[PER_PAGE : 2 * PER_PAGE]
    assert titles(page) == [guide.title for guide in expected]


def test_a_guide_edited_after_a_visit_shows_its_new_rows_on_the_next_request(
    client, catalogue, category, open_centre, closed_centre, django_capture_on_commit_callbacks
):
    from services.models import ServiceMaterial, ServicePlace

    guide = add_guide(catalogue, "测试：会改材料的事项", category=category, centres=[open_centre])
    page = html(client, guide.url)
    assert "居民身份证" in page and "检修中的服务中心" not in page
    with django_capture_on_commit_callbacks(execute=True):
        guide.materials = [ServiceMaterial(name="新版申请表")]
        guide.places = [ServicePlace(centre=closed_centre, window=closed_centre.windows.first())]
        guide.save_revision().publish()
    page = html(client, guide.url)
    assert "新版申请表" in page and "居民身份证" not in page
    assert "检修中的服务中心" in page and "全天党群服务站" not in page
    assert "检修中的服务中心" in html(client, catalogue.url, {"q": "会改材料"})  # the catalogue's place names too
