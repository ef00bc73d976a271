"""What search engines and sharing apps read: robots.txt and sitemap.xml per site, Open Graph, JSON-LD."""

import json
import re

import pytest
from wagtail.models import Site

from districts.models import DistrictHomePage


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    return data.get("@graph", [data])


@pytest.mark.django_db
def test_robots_txt_names_the_sites_own_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text and "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.django_db
def test_sitemap_lists_live_pages_of_the_requested_site_only(client, yumen):
    portal_map = client.get("/sitemap.xml").content.decode()
    assert "http://localhost/xining/red-property/" in portal_map
    home = DistrictHomePage.objects.get(district=yumen)
    Site.objects.create(hostname="yumen.test", port=80, root_page=home, site_name="玉门市")
    own = client.get("/sitemap.xml", HTTP_HOST="yumen.test").content.decode()
    assert "http://yumen.test/red-agency/" in own
    assert "xining" not in own
    assert (
        "Sitemap: http://yumen.test/sitemap.xml" in client.get("/robots.txt", HTTP_HOST="yumen.test").content.decode()
    )


@pytest.mark.django_db
def test_district_home_is_a_government_organization(client):
    html = client.get("/xining/").content.decode()
    org, crumbs = json_ld(html)
    assert org["@type"] == "GovernmentOrganization" and org["name"] == "西宁市" and org["identifier"] == "630100"
    assert org["logo"].startswith("http://testserver/")
    assert crumbs["@type"] == "BreadcrumbList" and crumbs["itemListElement"][-1]["name"] == "西宁市"
    assert '<meta property="og:title" content="西宁市">' in html
    assert '<meta property="og:image" content="http://testserver/' in html


@pytest.mark.django_db
def test_article_is_a_news_article_with_its_publisher(client):
    html = client.get("/xining/news/2022-06-20-1/").content.decode()
    article = json_ld(html)[0]
    assert article["@type"] == "NewsArticle"
    assert article["datePublished"].startswith("2022-06-20")
    assert article["publisher"]["@type"] == "GovernmentOrganization"
    assert '<meta property="og:type" content="article">' in html
    assert '<link rel="canonical" href="http://localhost/xining/news/2022-06-20-1/">' in html
    assert 'aria-label="当前位置"' in html and ">新闻动态</a>" in html


@pytest.mark.django_db
def test_json_ld_cannot_break_out_of_its_script(client):
    home = DistrictHomePage.objects.get(slug="xining")
    home.district.slogan = "</script><script>alert(1)</script>"
    home.district.save()
    html = client.get("/xining/").content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)[0]["slogan"] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_friendly_chinese_404(client):
    response = client.get("/xining/no-such-brand/")
    assert response.status_code == 404
    assert "页面找不到了" in response.content.decode()
