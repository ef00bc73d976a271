"""The centre page, the district list, 15分钟服务圈 and the handbook: what they show, their
structured data and API fields, queries that do not grow with centres or windows, privacy."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centres import hours
from centres.models import CentreFacility, ServiceCentreIndexPage, ServiceCentrePage, ServiceWindow
from centres.schedules import attach_schedules
from snippets.models import Community, GridWorker


def count_queries(client, url):
    caches["default"].clear()
    client.get(url)  # renditions are created once; what we count is serving them
    caches["default"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def graph(html):
    found = []
    for data in json_ld(html):
        found += data.get("@graph", [data]) if isinstance(data, dict) else data
    return found


@pytest.fixture
def index(xining):
    return ServiceCentreIndexPage.objects.descendant_of(xining.home_page).get()


def add_centres(index, count, windows=1, lat="36.70", tag="x"):
    made = []
    for n in range(count):
        centre = ServiceCentrePage(
            title=f"测试服务站{tag}{n}",
            slug=f"test-{tag}-{n}",
            level="estate",
            address=f"测试路{n}号",
            latitude=Decimal(lat) + Decimal(n) / 1000,
            longitude=Decimal("101.80"),
            phone="0971-0000000",
        )
        centre.windows = [ServiceWindow(name=f"窗口{w}", handles="甲\n乙") for w in range(windows)]
        centre.facilities = [CentreFacility(kind="饮水")]
        index.add_child(instance=centre)
        centre.save_revision().publish()
        made.append(centre)
    return made


@pytest.mark.django_db
def test_centre_page_shows_status_hours_windows_guides_and_links(client):
    centre = ServiceCentrePage.objects.get(slug="wentingxiang")
    response = client.get(centre.url)
    html = response.content.decode()
    assert response.status_code == 200
    status = hours.status_at(centre)
    assert status.label.split("，")[0] in html
    assert 'href="tel:09716300611"' in html
    assert 'href="geo:36.6268,101.7571?q=36.6268,101.7571"' in html
    assert "1号窗口 综合受理" in html and "高龄津贴申请" in html
    assert "未来7天" in html and "老年食堂" in html
    # Guides the services app links to this centre are listed under their window.
    guide_places = centre.service_places.filter(page__live=True).select_related("page")
    if guide_places.exists():
        assert guide_places.first().page.title in html
    assert "max-age=" in response["Cache-Control"]


@pytest.mark.django_db
def test_centre_json_ld_has_opening_hours_and_holidays(client):
    today = hours.local(None).date()
    city = graph(client.get(ServiceCentrePage.objects.get(slug="xining-city").url).content.decode())
    office = next(item for item in city if item.get("@type") == "GovernmentOffice")
    assert office["name"] == "西宁市党群服务中心"
    assert office["geo"]["latitude"] == pytest.approx(36.6204)
    monday = [s for s in office["openingHoursSpecification"] if s["dayOfWeek"].endswith("Monday")]
    assert [(s["opens"], s["closes"]) for s in monday] == [("09:00", "12:00"), ("13:30", "17:30")]
    saturday = next(s for s in office["openingHoursSpecification"] if s["dayOfWeek"].endswith("Saturday"))
    assert saturday["description"] == "预约服务"
    specials = office.get("specialOpeningHoursSpecification", [])
    assert all(s["validThrough"] >= today.isoformat() for s in specials)
    if today <= dt.date(2027, 1, 3):
        assert any(s["name"] == "元旦" and s["opens"] == s["closes"] == "00:00" for s in specials)
    community = graph(client.get(ServiceCentrePage.objects.get(slug="wentingxiang").url).content.decode())
    assert any(item.get("@type") == "CivicStructure" for item in community)


@pytest.mark.django_db
def test_api_gives_public_fields(client):
    response = client.get(
        "/api/v2/pages/", {"type": "centres.ServiceCentrePage", "fields": "*", "title": "文亭巷社区党群服务中心"}
    )
    [centre] = response.json()["items"]
    assert centre["address"] and centre["level_label"] == "社区党群服务中心"
    assert centre["windows"][0]["name"] == "综合受理" and "居住证明开具" in centre["windows"][0]["handle_list"]
    assert {"is_open", "label"} <= set(centre["status"])
    assert centre["weekly_hours"][0]["weekday"] == 0


@pytest.mark.django_db
def test_queries_do_not_grow_with_centres_or_windows(client, index):
    small = add_centres(index, 1, windows=1, tag="s")[0]
    big = add_centres(index, 1, windows=15, tag="b")[0]
    assert count_queries(client, small.url) == count_queries(client, big.url)
    urls = [index.url, index.url + "nearby/?community=" + str(small.pk), index.url + "handbook/"]
    community = Community.objects.filter(district=index.district, service_centres__isnull=False).first()
    urls[1] = f"{index.url}nearby/?community={community.pk}"
    before = [count_queries(client, url) for url in urls]
    add_centres(index, 12, windows=4, tag="m")
    after = [count_queries(client, url) for url in urls]
    assert before == after
    assert max(before) <= 40


@pytest.mark.django_db
def test_bulk_statuses_take_a_constant_number_of_queries(index):
    few = list(ServiceCentrePage.objects.child_of(index)[:2])
    add_centres(index, 10, tag="q")
    many = list(ServiceCentrePage.objects.child_of(index))
    with CaptureQueriesContext(connection) as small:
        hours.statuses_at(few)
    with CaptureQueriesContext(connection) as large:
        statuses = hours.statuses_at(many)
    assert len(small) == len(large) <= 6
    assert len(statuses) == len(many)
    # Each centre's schedule is then at hand without a query.
    with CaptureQueriesContext(connection) as again:
        for centre in attach_schedules(many[:0]) or many:
            hours.status_at(centre)
    assert len(again) == 0


@pytest.mark.django_db
def test_nearby_orders_by_distance_with_walking_time(client, index):
    community = Community.objects.get(district=index.district, name="文亭巷社区")
    html = client.get(f"{index.url}nearby/?community={community.pk}").content.decode()
    titles = re.findall(r'class="cs-item__link" href="[^"]+">([^<]+)</a>', html)
    assert titles[0] == "文亭巷社区党群服务中心"  # the community's own centre, 0 m away
    assert titles.index("文亭巷小区党群服务站") < titles.index("城北区党群服务中心")
    assert "每分钟走 80 米" in html and "步行约 1 分钟" in html
    assert "步行 15 分钟以内" in html


@pytest.mark.django_db
def test_nearby_from_location_and_open_only(client, index):
    html = client.get(f"{index.url}nearby/?lat=36.6299&lng=101.8154").content.decode()  # at the station
    titles = re.findall(r'class="cs-item__link" href="[^"]+">([^<]+)</a>', html)
    assert titles[0] == "“夏都枢纽”党建联盟党群服务站"
    open_only = client.get(f"{index.url}nearby/?lat=36.6299&lng=101.8154&open=1").content.decode()
    station = ServiceCentrePage.objects.get(slug="chengxi-station")  # 24 hours
    assert station.title in open_only
    statuses = hours.statuses_at(ServiceCentrePage.objects.child_of(index))
    closed = [c for c in ServiceCentrePage.objects.child_of(index) if not statuses[c.pk].is_open]
    for centre in closed:
        assert f">{centre.title}</a>" not in open_only


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("community=abc", "社区编号不正确"),
        ("community=99999999", "没有找到这个社区的位置"),
        ("community=", "请先从列表中选择您住的社区"),
        ("lat=51.5&lng=-0.12", "不在中国境内"),
        ("lat=%3Cscript%3E&lng=1", "没有收到有效的位置"),
    ],
)
def test_nearby_bad_parameters_give_a_message(client, index, query, message):
    response = client.get(f"{index.url}nearby/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "<script>" not in html.split("</header>", 1)[1].split("<script src", 1)[0]


@pytest.mark.django_db
def test_nearby_works_without_javascript(client, index, yumen):
    html = client.get(f"{index.url}nearby/").content.decode()
    form = re.search(r'<form class="cs-form" method="get".*?</form>', html, re.S).group(0)
    assert 'name="community"' in form and 'type="submit"' in form
    assert "文亭巷社区" in form
    # Another district's communities are not offered.
    assert not any(c.name in form for c in Community.objects.filter(district=yumen))
    # The location button is hidden until the script shows it.
    assert "data-locate hidden" in form


@pytest.mark.django_db
def test_handbook_lists_public_contacts_only(client, index, xining):
    community = Community.objects.get(district=xining, name="文亭巷社区")
    GridWorker.objects.create(
        district=xining,
        community=community,
        name="公开甲",
        mobile="13911112222",
        role="网格长",
        work_phone="0971-6300699",
        work_phone_public=True,
        id_number="630102199001011234",
    )
    GridWorker.objects.create(
        district=xining,
        community=community,
        name="不公开乙",
        mobile="13933334444",
        role="专职网格员",
        work_phone="0971-6300688",
        work_phone_public=False,
    )
    for url in (f"{index.url}handbook/", f"{index.url}handbook/{community.pk}/"):
        html = client.get(url).content.decode()
        assert "公开甲" in html and "0971-6300699" in html
        assert "不公开乙" in html and "0971-6300688" not in html
        assert "13911112222" not in html and "13933334444" not in html and "630102199001011234" not in html
        assert "12345" in html and "政务服务便民热线" in html  # emergency numbers
        assert "文亭巷社区党群服务中心" in html
    community_book = client.get(f"{index.url}handbook/{community.pk}/").content.decode()
    assert "文亭巷社区便民服务手册" in community_book
    assert client.get(f"{index.url}handbook/99999999/").status_code == 404


@pytest.mark.django_db
def test_handbook_of_another_districts_community_is_not_found(client, index, yumen):
    theirs = Community.objects.filter(district=yumen).first()
    assert client.get(f"{index.url}handbook/{theirs.pk}/").status_code == 404


@pytest.mark.django_db
def test_district_home_links_to_the_centres(client, index):
    html = client.get(index.get_parent().url).content.decode()
    assert f'href="{index.url}"' in html
