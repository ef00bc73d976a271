"""Brand, news and content pages: what residents see, and the checks staff get when they save."""

import pytest
from django.core.exceptions import ValidationError

from districts.models import DistrictHomePage
from publishing.models import ArticlePage, BrandPage, ContentPage, NewsIndexPage


@pytest.mark.django_db
def test_every_district_has_brands_news_and_a_composed_home():
    for home in DistrictHomePage.objects.select_related("district"):
        brands = BrandPage.objects.child_of(home).live()
        assert 2 <= brands.count() <= 3, home
        news = NewsIndexPage.objects.child_of(home).get()
        assert ArticlePage.objects.child_of(news).live().count() >= 2
        assert {block.block_type for block in home.body} >= {"shortcuts", "page_list"}
        assert len(home.navigation) >= 3
        assert home.figures, "the headline figures stay"


@pytest.mark.django_db
def test_district_home_shows_brand_cards_latest_news_and_navigation(client):
    html = client.get("/xining/").content.decode()
    for title in ("夏都枢纽党建联盟", "红色物业"):
        assert f'href="/xining/{BrandPage.objects.get(title=title).slug}/"' in html
    assert "最新动态" in html and "西宁“1+4+N”党群服务矩阵覆盖129个居民小区" in html
    assert 'aria-label="栏目导航"' in html
    assert "组建小区党支部" in html  # the figures field is still shown
    # Only this district's brands: another district's do not leak onto its cards.
    assert "红心服务集市" not in html


@pytest.mark.django_db
def test_brand_page_draws_steps_as_a_flow_and_structure_as_a_tree(client):
    html = client.get("/xining/red-property/").content.decode()
    assert '<ol class="steps__list">' in client.get("/xining/xiadu-hub/").content.decode()
    assert html.count('<ul class="org__tree">') == 4  # four levels, nested
    assert "四方联动" in html and "共建单位" not in html.split("<main")[0]
    assert '<details class="faq__item">' in html


@pytest.mark.django_db
def test_news_index_paginates_and_survives_bad_page_numbers(client):
    news = NewsIndexPage.objects.get(url_path__startswith="/home/xining/")
    for n in range(12):
        article = ArticlePage(title=f"测试新闻{n}", slug=f"test-{n}", summary="摘要", body=[])
        news.add_child(instance=article)
    first = client.get("/xining/news/").content.decode()
    assert "第 1 页，共 2 页" in first and 'rel="next"' in first
    for bad in ("abc", "999", "-1", ""):
        assert client.get(f"/xining/news/?page={bad}").status_code == 200


@pytest.mark.django_db
def test_brand_colours_failing_contrast_are_refused_with_the_ratio():
    brand = BrandPage.objects.get(slug="red-property")
    brand.colour_primary, brand.colour_on_primary = "#ffcc00", "#ffffff"
    with pytest.raises(ValidationError) as caught:
        brand.full_clean()
    message = " ".join(caught.value.message_dict["colour_on_primary"])
    assert "对比度为 1.51:1" in message and "4.5:1" in message


@pytest.mark.django_db
def test_brand_colours_come_as_a_pair_or_not_at_all():
    brand = BrandPage.objects.get(slug="red-property")
    brand.colour_primary = "#0b5c7a"
    with pytest.raises(ValidationError) as caught:
        brand.full_clean()
    assert "同时填写" in caught.value.message_dict["colour_on_primary"][0]
    brand.colour_on_primary = "#ffffff"
    brand.full_clean()


@pytest.mark.django_db
def test_brand_page_colours_override_the_districts(client):
    brand = BrandPage.objects.get(slug="red-property")
    brand.colour_primary, brand.colour_on_primary = "#0b5c7a", "#ffffff"
    brand.save_revision().publish()
    html = client.get("/xining/red-property/").content.decode()
    assert "--brand: #0b5c7a; --on-brand: #ffffff; --accent: #7a4b00;" in html


@pytest.mark.django_db
def test_content_page_renders_under_a_district_and_under_the_portal(client):
    home = DistrictHomePage.objects.get(slug="xining")
    page = ContentPage(
        title="关于我们", slug="about", summary="关于本站", body=[{"type": "rich_text", "value": "<p>正文</p>"}]
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    html = client.get("/xining/about/").content.decode()
    assert "<p>正文</p>" in html and 'class="brand" href="/xining/"' in html
    portal = home.get_parent()
    site_page = ContentPage(title="网站声明", slug="statement", body=[{"type": "rich_text", "value": "<p>声明</p>"}])
    portal.add_child(instance=site_page)
    site_page.save_revision().publish()
    assert "<p>声明</p>" in client.get("/statement/").content.decode()
