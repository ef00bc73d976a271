"""我的网格员: residents choose street → community → grid, or search a 小区/楼栋, and see public contact cards.

The demo content (loaded once for the session) gives 西宁市 and 玉门市 a 我的网格员 page
and fictional rosters. Every request is anonymous, as a resident's would be.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.models import Page

from districts.models import DistrictHomePage
from residents.models import GridFinderPage
from snippets.models import Community, Grid, GridWorker, Street
from snippets.privacy import mask_id_number, mask_mobile

MAX_QUERIES = 24  # one anonymous request, any variant, renditions already made


def finder_page(code):
    return GridFinderPage.objects.child_of(DistrictHomePage.objects.get(district__code=code)).get()


@pytest.fixture
def yumen_page(db):
    return finder_page("620981")


@pytest.fixture
def xining_page(db):
    return finder_page("630100")


def get(client, page, **params):
    response = client.get(page.url, params)
    assert response.status_code == 200, response.content[:500]
    return response


def main_html(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def first_grid_with_workers(district_code, level=3):
    return (
        Grid.objects.filter(district__code=district_code, level=level, workers__is_active=True)
        .order_by("pk")
        .distinct()
        .first()
    )


# The steps ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_step_one_offers_only_the_districts_streets(client, yumen_page, xining):
    html = main_html(get(client, yumen_page))
    assert "第一步：选择街道" in html
    for street in Street.objects.filter(district__code="620981"):
        assert f'value="{street.pk}">{street.name}<' in html
    for street in Street.objects.filter(district=xining):
        assert street.name not in html
    assert "第二步" not in html and "第三步" not in html


@pytest.mark.django_db
def test_choosing_street_then_community_then_grid(client, yumen_page):
    street = Street.objects.get(district__code="620981", name="新市区街道")
    html = main_html(get(client, yumen_page, street=street.pk))
    assert "第二步：选择社区" in html and "第三步" not in html
    assert f'<input type="hidden" name="street" value="{street.pk}">' in html
    communities = Community.objects.filter(street=street)
    for community in communities:
        assert f'value="{community.pk}">{community.name}<' in html
    assert "石油河社区" not in html  # a community of another street

    lanxin = communities.get(name="兰新社区")
    html = main_html(get(client, yumen_page, community=lanxin.pk))
    assert "第三步：选择网格" in html
    assert "重新选择街道" in html and "重新选择社区" in html
    options = re.findall(r'<option value="(\d+)"', html)
    assert {int(o) for o in options} == set(Grid.objects.filter(community=lanxin).values_list("pk", flat=True))
    # Grids are offered as a tree: 一级, then its 二级, then their 三级, numbered as people count.
    labels = re.findall(r'<option value="\d+"[^>]*>([^<]+)<', html)
    assert labels[0] == "兰新社区网格（一级网格）"
    assert labels[1].strip("\u3000") == "兰新第一网格（二级网格）"
    assert [label.strip("\u3000") for label in labels[2:]] == [
        f"兰新第一网格{n}号楼院（三级网格）" for n in range(1, len(labels) - 1)
    ]

    grid = Grid.objects.get(community=lanxin, name="兰新第一网格1号楼院")
    html = main_html(get(client, yumen_page, grid=grid.pk))
    assert f'<h2 id="grid-title" class="gf-result__title">{grid.name}</h2>' in html
    assert grid.party_branch in html
    assert f"{grid.households} 户" in html
    assert grid.area in html
    assert "兰新社区（新市区街道）" in html
    assert f'<option value="{grid.pk}" selected>' in html


@pytest.mark.django_db
def test_grid_card_shows_active_workers_with_public_phones_only(client, yumen_page):
    grid = first_grid_with_workers("620981")
    workers = list(GridWorker.objects.filter(grid=grid))
    hidden = GridWorker.objects.create(
        district=grid.district,
        community=grid.community,
        grid=grid,
        name="离岗者甲",
        mobile="13900009991",
        role="兼职网格员",
        is_active=False,
        work_phone="13300009992",
        work_phone_public=True,
    )
    private = GridWorker.objects.create(
        district=grid.district,
        community=grid.community,
        grid=grid,
        name="不公开乙",
        mobile="13900009993",
        role="楼栋长",
        work_phone="13300009994",
        work_phone_public=False,
    )
    html = main_html(get(client, yumen_page, grid=grid.pk))
    for worker in workers:
        if worker.is_active:
            assert worker.name in html
            assert worker.role in html
        else:
            assert worker.name not in html
    assert hidden.name not in html and "9992" not in html
    assert private.name in html and "9994" not in html
    for worker in [w for w in workers if w.is_active and w.work_phone_public and w.work_phone]:
        assert f'href="tel:{worker.work_phone}"' in html
    assert "工作电话未公开" in html


@pytest.mark.django_db
def test_workers_photo_is_a_rendition(client, yumen_page):
    worker = GridWorker.objects.filter(district__code="620981", is_active=True, grid__isnull=False).exclude(photo=None)[
        0
    ]
    html = main_html(get(client, yumen_page, grid=worker.grid_id))
    photo = re.search(r'<img[^>]*class="gf-card__photo"[^>]*>', html).group(0)
    assert "fill-160x160" in photo
    assert worker.photo.file.name.split("/")[-1].split(".")[0] in photo
    assert 'alt=""' in photo  # the name is written next to it


@pytest.mark.django_db
def test_upper_grids_leaders_and_lower_grids_are_linked(client, yumen_page):
    middle = Grid.objects.get(district__code="620981", name="兰新第一网格")
    leaf = Grid.objects.get(district__code="620981", name="兰新第一网格1号楼院")
    leader = GridWorker.objects.get(grid=middle, role="网格长")
    html = main_html(get(client, yumen_page, grid=leaf.pk))
    assert "上级网格的网格长" in html
    assert leader.name in html
    assert f'href="?grid={middle.pk}#grid"' in html
    html = main_html(get(client, yumen_page, grid=middle.pk))
    assert "下级网格" in html
    assert f'href="?grid={leaf.pk}#grid"' in html


@pytest.mark.django_db
def test_single_street_and_single_community_are_chosen_for_the_resident(client, db):
    home = DistrictHomePage.objects.get(district__code="630202")  # 乐都: one street in the demo
    page = GridFinderPage(title="我的网格员", slug="wangge")
    home.add_child(instance=page)
    page.save_revision().publish()
    html = main_html(get(client, page))
    assert "碾伯街道" in html
    assert "第一步" not in html and "第二步：选择社区" in html
    assert "重新选择街道" not in html
    community = Community.objects.get(district__code="630202", name="古城东社区")  # one grid
    html = main_html(get(client, page, community=community.pk))
    assert "古城东一网格" in html and "本网格暂未登记网格员" in html


# Search ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("兰新小区5号楼", "兰新第一网格1号楼院"),
        ("蘭新小區５號樓", "兰新第一网格1号楼院"),  # traditional characters, full-width digits
        ("兰新 小区 5 号楼", "兰新第一网格1号楼院"),
        ("夕阳红康养小区", "兰新第一网格3号楼院"),
        ("建设第三网格", "建设第三网格"),
        ("油城社区", "油城社区网格"),  # named like the query: first
        ("油城社区 ", "油城社区网格"),
    ],
)
def test_search_by_building_estate_or_grid_name(client, yumen_page, query, expected):
    html = main_html(get(client, yumen_page, q=query))
    first = re.search(r'<span class="gf-results__name">([^<]+)</span>', html).group(1)
    assert first == expected
    grid = Grid.objects.get(district__code="620981", name=expected)
    assert f'href="?grid={grid.pk}#grid"' in html


@pytest.mark.django_db
def test_search_finds_nothing_of_another_district(client, xining_page):
    html = main_html(get(client, xining_page, q="兰新小区"))
    assert "没有找到与“兰新小区”相符的网格" in html
    assert "兰新第一网格" not in html


# Privacy -----------------------------------------------------------------------------------


def every_variant(page, district_code):
    """Every URL a resident can reach on the page: each street, community, grid, and searches."""
    urls = [page.url]
    urls += [
        f"{page.url}?street={pk}"
        for pk in Street.objects.filter(district__code=district_code).values_list("pk", flat=True)
    ]
    urls += [
        f"{page.url}?community={pk}"
        for pk in Community.objects.filter(district__code=district_code).values_list("pk", flat=True)
    ]
    urls += [
        f"{page.url}?grid={pk}" for pk in Grid.objects.filter(district__code=district_code).values_list("pk", flat=True)
    ]
    urls += [f"{page.url}?q={q}" for q in ("小区", "网格", "社区", "1号楼", "139", "0000")]
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["620981", "630100"])
def test_no_private_value_on_any_variant_of_the_page(client, code):
    page = finder_page(code)
    district_grid = Grid.objects.filter(district__code=code, level=3).first()
    # Add workers whose private values are easy to spot, public phone and all.
    for n in range(3):
        GridWorker.objects.create(
            district=district_grid.district,
            community=district_grid.community,
            grid=district_grid,
            name=f"隐私测试{n}",
            gender="女",
            mobile=f"1860000777{n}",
            id_number=["11010519491231002X", "110105194912310037", "630104198507129931"][n],
            role="专职网格员",
            political_status="中共党员",
            work_phone=f"0937-55566{n}",
            work_phone_public=True,
        )
    workers = list(GridWorker.objects.filter(district__code=code))
    secrets = set()
    for worker in workers:
        mobile = worker.mobile
        secrets |= {
            mobile,
            mask_mobile(mobile),
            f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}",
            f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}",
        }
        if worker.id_number:
            secrets |= {
                worker.id_number,
                worker.id_number.lower(),
                mask_id_number(worker.id_number),
                worker.id_number[6:14],
            }
        if worker.work_phone and not worker.work_phone_public:
            secrets.add(worker.work_phone)
    inactive = {w.name for w in workers if not w.is_active}
    assert len(secrets) > 100 and inactive

    urls = every_variant(page, code)
    assert len(urls) > 20
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        text = text_of(html)
        for secret in secrets:
            assert secret not in html, (url, secret)
        for word in ("性别", "政治面貌", "中共党员", "中共预备党员", "共青团员", "身份证", "手机号码："):
            assert word not in text, (url, word)
        for name in inactive:
            assert name not in html, (url, name)
    # The public work phone of the test workers is there, as a tel: link.
    html = client.get(f"{page.url}?grid={district_grid.pk}").content.decode()
    assert 'href="tel:0937555660"' in html


@pytest.mark.django_db
def test_private_columns_are_never_even_read(client, yumen_page):
    grid = first_grid_with_workers("620981")
    with CaptureQueriesContext(connection) as queries:
        get(client, yumen_page, grid=grid.pk)
    worker_queries = [q["sql"] for q in queries.captured_queries if '"snippets_gridworker"' in q["sql"]]
    assert worker_queries
    for sql in worker_queries:
        for column in ("mobile", "id_number", "gender", "political_status"):
            assert f'"snippets_gridworker"."{column}"' not in sql


# Districts ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_another_districts_grid_community_or_street_is_not_shown(client, xining_page, yumen):
    grid = first_grid_with_workers("620981")
    names = list(GridWorker.objects.filter(grid=grid).values_list("name", flat=True))
    for params, message in [
        ({"grid": grid.pk}, "没有找到这个网格"),
        ({"community": grid.community_id}, "没有找到这个社区"),
        ({"street": grid.community.street_id}, "没有找到这个街道"),
    ]:
        html = main_html(get(client, xining_page, **params))
        assert message in html
        assert "不属于西宁市" in html
        assert grid.name not in html and grid.community.name not in html
        for name in names:
            assert name not in html
        assert "第一步：选择街道" in html  # and the resident can start again


@pytest.mark.django_db
def test_one_page_per_district_right_under_its_home(yumen_page):
    home = yumen_page.get_parent().specific
    assert isinstance(home, DistrictHomePage)
    assert not GridFinderPage.can_create_at(home)
    assert GridFinderPage.can_create_at(DistrictHomePage.objects.get(district__code="620700"))
    assert not GridFinderPage.can_create_at(Page.objects.get(depth=1))
    assert yumen_page.district.code == "620981"


# Hostile input -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"grid": "abc"}, "网格编号不正确"),
        ({"grid": "1 OR 1=1"}, "网格编号不正确"),
        ({"grid": "-1"}, "网格编号不正确"),
        ({"grid": "0"}, "网格编号不正确"),
        ({"grid": "9" * 400}, "网格编号不正确"),
        ({"grid": "99999999999"}, "没有找到这个网格"),
        ({"community": "<script>alert(1)</script>"}, "社区编号不正确"),
        ({"street": "%00"}, "街道编号不正确"),
        ({"street": "1\x00"}, "街道编号不正确"),
        ({"q": "<script>alert(1)</script>"}, "没有找到与“&lt;script&gt;alert(1)&lt;/script&gt;”相符的网格"),
        ({"q": "兰" * 5000}, "输入的内容太长了"),
        ({"q": "\u3000 "}, "请输入小区、楼栋或网格的名称"),
        ({"q": "'; DROP TABLE snippets_grid; --"}, "没有找到"),
        ({"q": "\x00\x01"}, "没有找到"),
    ],
)
def test_hostile_input_gets_a_friendly_message(client, yumen_page, params, message):
    response = get(client, yumen_page, **params)
    html = main_html(response)
    assert message in html
    assert "<script>alert" not in html
    assert "第一步：选择街道" in html or "选择社区" in html


@pytest.mark.django_db
def test_repeated_and_odd_parameters_do_not_break_the_page(client, yumen_page):
    grid = first_grid_with_workers("620981")
    url = f"{yumen_page.url}?grid=abc&grid={grid.pk}&street=&community=&q&x=1"
    response = client.get(url)
    assert response.status_code == 200
    assert grid.name in main_html(response)
    assert client.get(yumen_page.url + "?street=" + "9" * 30).status_code == 200


# Queries -----------------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # renditions are made once; what is counted is serving them
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_workers(client, yumen_page, django_assert_max_num_queries):
    grid = first_grid_with_workers("620981")
    url = f"{yumen_page.url}?grid={grid.pk}"
    before = count_queries(client, url)
    images = list(get_image_model().objects.filter(title__startswith="演示头像")[:5])
    assert images
    GridWorker.objects.bulk_create(
        GridWorker(
            district=grid.district,
            community=grid.community,
            grid=grid,
            name=f"加员{n}",
            mobile=f"1990000{n:04d}",
            role="楼栋长",
            photo=images[n % len(images)],
            work_phone=f"1770000{n:04d}",
            work_phone_public=n % 2 == 0,
        )
        for n in range(60)
    )
    after = count_queries(client, url)
    assert after == before
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert main_html(response).count('class="gf-card"') >= 60


@pytest.mark.django_db
@pytest.mark.parametrize("variant", ["start", "street", "community", "grid", "search"])
def test_every_variant_stays_within_the_bound(client, yumen_page, variant, django_assert_max_num_queries):
    grid = first_grid_with_workers("620981")
    params = {
        "start": "",
        "street": f"?street={grid.community.street_id}",
        "community": f"?community={grid.community_id}",
        "grid": f"?grid={grid.pk}",
        "search": "?q=小区",
    }[variant]
    client.get(yumen_page.url + params)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(yumen_page.url + params)
