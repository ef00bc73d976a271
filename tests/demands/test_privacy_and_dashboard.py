"""Privacy: what residents wrote, and who they are, never reaches a public response; small cells show "<3"."""

import json

import pytest

from demands.figures import public_count
from demands.pages import DemandDashboardPage
from snippets.models import Community

from .helpers import RECORD_HEADER, record, run_import

SECRETS = ["赵秘密", "13912345678", "幸福路88号3单元502", "钱隐私", "620102199001011234"]


@pytest.fixture
def yumen_page(yumen):
    return DemandDashboardPage.objects.get(slug="suqiu", path__startswith=yumen.home_page.path)


@pytest.mark.django_db
def test_no_public_response_holds_anything_from_the_records(client, yumen, yumen_page):
    communities = list(Community.objects.filter(district=yumen))
    rows = []
    for n in range(40):
        community = communities[n % len(communities)]
        rows.append(
            record(
                f"PRIV{n}",
                f"2026-09-0{n % 9 + 1} 09:00",
                community.name,
                "钱隐私反映的类别" if n == 0 else "物业服务",  # a category is public: see below
                content=f"{SECRETS[0]}（电话{SECRETS[1]}，住{SECRETS[2]}）反映邻居{SECRETS[3]}，身份证{SECRETS[4]}",
                unit=f"{SECRETS[0]}家",
                resolved="2026-09-10 12:00",
            )
        )
    report = run_import("demand_records", yumen, RECORD_HEADER, rows)
    assert report.errors == [] and report.created == 40
    base = yumen_page.url
    urls = [base, f"{base}guide/", f"{base}opendata/csv/", f"{base}opendata/json/", f"{base}?period=2026"]
    urls += [f"{base}?community={c.pk}" for c in communities]
    urls += [f"{base}opendata/csv/?community={c.pk}&period=2026" for c in communities]
    urls += [
        f"/api/v2/pages/{yumen_page.pk}/",
        "/api/v2/pages/?type=demands.DemandDashboardPage&fields=*",
        "/sitemap.xml",
        "/search/?q=反映",  # words of the content: no record is searchable
        "/yumen/search/?q=邻居",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        for secret in SECRETS[:3] + SECRETS[4:]:
            assert secret not in text, (url, secret)
    # The one category named after a person is public as a category, but counts one demand: "<3".
    data = json.loads(client.get(f"{base}opendata/json/?period=2026").content)
    named = [r for r in data["rows"] if r["category"] == "钱隐私反映的类别"]
    assert named and all(r["received"] == "<3" for r in named)


@pytest.mark.django_db
def test_small_cells_and_rankings(client, yumen, yumen_page):
    assert [public_count(n) for n in (0, 1, 2, 3, None)] == [0, "<3", "<3", 3, None]
    response = client.get(yumen_page.url)
    html = response.content.decode()
    assert "按时办结率比较" in html  # demo communities have enough demands
    assert "&lt;3" in html or "样本不足" in html or "<3" not in html


@pytest.mark.django_db
def test_dashboard_filters_guide_and_downloads(client, yumen, yumen_page):
    community = Community.objects.filter(district=yumen).order_by("name").first()
    html = client.get(f"{yumen_page.url}?community={community.pk}").content.decode()
    assert f"{community.name} · " in html
    assert html.count("<svg") >= 3 and html.count("<table") >= 3
    assert 'role="img"' in html
    assert "http://" not in html.split("<svg", 1)[1].split("</svg>")[0].replace("http://www.w3.org/2000/svg", "")
    guide = client.get(f"{yumen_page.url}guide/").content.decode()
    assert "及时签收率" in guide and "回访满意率" in guide and "&lt;3" in guide
    csv_response = client.get(f"{yumen_page.url}opendata/csv/")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "统计月份,社区,诉求类别,受理数,办结数,按期办结数,参评数,满意数"
    assert len(lines) > 10
    data = json.loads(client.get(f"{yumen_page.url}opendata/json/?community={community.pk}").content)
    assert data["community"] == community.name and {r["community"] for r in data["rows"]} == {community.name}


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["632800", "620700", "340803", "630202", "210104"])
def test_summary_districts_have_a_dashboard_at_the_articles_scale(client, code):
    from demands.dashboard import Dashboard
    from districts.models import District

    district = District.objects.get(code=code)
    dashboard = Dashboard(district, {})
    assert dashboard.total.received >= 2000
    if code == "632800":  # 海西州: 3,000+ a year, 95 % quick resolution
        assert dashboard.total.received >= 3000
        assert 93 <= dashboard.total.on_time_rate <= 97
    page = DemandDashboardPage.objects.get(path__startswith=district.home_page.path)
    assert client.get(page.url).status_code == 200
