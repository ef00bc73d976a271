"""Chinese search: segmentation, 繁→简, pinyin initials, district scope, safe highlighting, paging, bad input."""

import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch import index
from modelsearch.query import And, Not, Phrase, PlainText
from wagtail.models import Page, PageViewRestriction, Site

from districts.models import DistrictHomePage, PortalHomePage
from search import text
from search.backend import indexed_fields
from search.highlight import Highlighter
from search.views import clean_query, page_text

_slugs = itertools.count(1)


def add_page(parent, title, description="", live=True):
    """A plain Wagtail page (title and search description are all it has) under `parent`."""
    page = Page(title=title, slug=f"search-test-{next(_slugs)}", search_description=description, live=live)
    parent.add_child(instance=page)
    return page


def home_of(district):
    return DistrictHomePage.objects.get(district=district)


def result_titles(response):
    """The result titles of a search page, marks removed."""
    html = response.content.decode()
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r'class="search-result__title"><a [^>]*>(.*?)</a>', html)]


# Text: segmentation, normalisation, initials (no database).


def test_a_two_character_word_is_found_inside_longer_text():
    assert "养老" in text.index_terms("社区居家养老服务中心")
    assert text.query_terms("养老") == ["养老"]


def test_traditional_characters_are_indexed_and_searched_as_simplified():
    assert "养老" in text.index_terms("居家養老服務")
    assert text.query_terms("養老") == ["养老"]
    assert text.query_terms("網格員") == text.query_terms("网格员")


def test_a_query_is_segmented_into_words_not_one_long_string():
    # 社区养老 is two words: the text 社区居家养老 has both, but not the piece 区养.
    assert text.query_terms("社区养老") == ["社区", "养老"]
    assert set(text.query_terms("社区养老")) <= set(text.index_terms("社区居家养老"))
    # A long word becomes the words inside it, each of which the index holds.
    assert set(text.query_terms("养老保险")) == {"养老", "保险"}
    assert set(text.query_terms("居家养老服务")) <= set(text.index_terms("为老人提供居家养老服务"))


def test_words_jieba_cuts_apart_in_context_are_still_found():
    # jieba cuts 线上线下 as 线/上线/下; the index still holds 线下.
    assert "线下" in text.index_terms("畅通线上线下渠道")


def test_pinyin_initials_are_indexed():
    terms = text.index_terms("代缴养老保险金")
    assert {"ylbx", "yl", "bx"} <= set(terms)
    assert "jjyl" in text.index_terms("居家养老")  # neighbouring words
    assert text.query_terms("YLBX") == ["ylbx"]


def test_full_width_letters_and_digits_are_normalised():
    assert text.query_terms("ＡＢＣ１２３") == ["abc123"]


@pytest.mark.parametrize(
    "query",
    ['"', "*", "OR", "NEAR(", '"养老" OR "保险"', "养老*", "{title}: 养老", "' OR 1=1 --", "^养老", "a:b", "NOT 养老"],
)
def test_query_terms_are_plain_words(query):
    for term in text.query_terms(query):
        assert re.fullmatch(r"[^\W_]+", term), term


def test_nothing_searchable_gives_no_terms():
    assert text.query_terms('  ，。！？ "*()') == []


def test_highlighting_escapes_the_text_and_marks_matches():
    html = Highlighter(["养老"]).title('<script>alert("x")</script> 居家養老 & 服务')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert "<mark>養老</mark>" in html  # the original characters are marked


def test_highlighting_marks_the_words_of_pinyin_initials():
    assert "<mark>养老保险</mark>" in Highlighter(["ylbx"]).excerpt("社区代缴养老保险、医疗保险")


def test_excerpt_is_cut_around_the_first_match():
    body = "甲" * 300 + "居家养老" + "乙" * 300
    excerpt = Highlighter(["养老"]).excerpt(body)
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert "<mark>养老</mark>" in excerpt
    assert len(re.sub(r"<[^>]+>", "", excerpt)) < 130


# The index: every page type's own search fields, as Chinese terms.


def test_every_page_type_indexes_title_search_description_and_its_own_search_fields():
    from django.apps import apps

    for model in apps.get_models():
        if not issubclass(model, Page):
            continue
        fields = indexed_fields(model)
        names = {f.field_name for f in fields if isinstance(f, index.SearchField)}
        assert {"title", "search_description"} <= names, model
        own = {f.field_name for f in model.get_search_fields() if isinstance(f, index.SearchField)}
        assert own <= names, model


# Searching pages through the site.


@pytest.mark.django_db
def test_finds_yanglao_inside_longer_text_and_in_traditional_characters(client, xining):
    home = home_of(xining)
    add_page(home, "幸福食堂开张", "社区居家养老服务中心的幸福食堂开张了")
    add_page(home, "老人助餐", "居家養老服務：為老人送餐上門")
    for query in ["养老", "養老"]:
        titles = result_titles(client.get("/xining/search/", {"q": query}))
        assert "幸福食堂开张" in titles and "老人助餐" in titles, (query, titles)


@pytest.mark.django_db
def test_finds_pages_by_pinyin_initials(client, xining):
    add_page(home_of(xining), "代缴社保", "网格员上门代缴养老保险")
    response = client.get("/xining/search/", {"q": "ylbx"})
    assert "代缴社保" in result_titles(response)
    assert "<mark>养老保险</mark>" in response.content.decode()


@pytest.mark.django_db
def test_body_text_of_page_types_is_found():
    """A page type's own text fields in search_fields are searched, with no search code of its own."""
    for page in Page.objects.live().public().specific().exclude(depth__lte=2):
        own = [
            f.get_value(page)
            for f in page.get_search_fields()
            if isinstance(f, index.SearchField) and f.field_name not in {"title", "search_description"}
        ]
        body = " ".join(str(value) for value in own if value)
        elsewhere = page.title + page.search_description
        words = [w for w in re.findall(r"[\u4e00-\u9fff]{2}", body) if w not in elsewhere]
        if words:
            break
    else:
        pytest.skip("no page type with text fields of its own in search_fields yet")
    word = words[len(words) // 2]
    assert page.pk in {p.pk for p in Page.objects.live().search(word)}, word


@pytest.mark.django_db
def test_a_district_search_shows_only_that_districts_pages(client, xining, yumen):
    add_page(home_of(xining), "西宁的便民驿站", "便民驿站提供雨伞和开水")
    add_page(home_of(yumen), "玉门的便民驿站", "便民驿站提供雨伞和开水")
    xining_titles = result_titles(client.get("/xining/search/", {"q": "便民驿站"}))
    assert "西宁的便民驿站" in xining_titles
    assert "玉门的便民驿站" not in xining_titles
    assert result_titles(client.get("/yumen/search/", {"q": "便民驿站"})) == ["玉门的便民驿站"]
    # The portal searches every district and says which one a result belongs to.
    portal = client.get("/search/", {"q": "便民驿站"})
    assert set(result_titles(portal)) == {"西宁的便民驿站", "玉门的便民驿站"}
    assert "西宁市" in portal.content.decode() and "玉门市" in portal.content.decode()


@pytest.mark.django_db
def test_drafts_and_private_pages_are_not_found(client, xining):
    home = home_of(xining)
    add_page(home, "草稿里的雪豹", "雪豹保护草稿", live=False)
    private = add_page(home, "内部的雪豹", "雪豹保护内部通知")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret-pass")
    add_page(home, "公开的雪豹", "雪豹保护公开通知")
    assert result_titles(client.get("/xining/search/", {"q": "雪豹"})) == ["公开的雪豹"]


@pytest.mark.django_db
def test_a_district_with_its_own_host_searches_at_slash_search(client, xining, yumen):
    home = home_of(yumen)
    Site.objects.create(hostname="yumen.test", port=80, root_page=home, site_name="玉门市")
    add_page(home, "玉门的石油工人", "石油工人社区的志愿服务")
    add_page(home_of(xining), "西宁的石油工人", "石油工人社区的志愿服务")
    response = client.get("/search/", {"q": "石油"}, HTTP_HOST="yumen.test")
    assert response.status_code == 200
    assert result_titles(response) == ["玉门的石油工人"]
    html = response.content.decode()
    assert 'action="/search/"' in html
    assert re.search(r'class="search-result__title"><a href="/search-test-\d+/"', html)  # links stay on the host
    assert "--brand: #9c1c1c" in html  # the district's colours


@pytest.mark.django_db
def test_search_page_is_accessible_and_works_without_javascript(client, xining):
    response = client.get("/xining/search/", {"q": "养老"})
    html = response.content.decode()
    assert re.search(r'<form[^>]* role="search"[^>]* action="/xining/search/" method="get"', html)
    assert re.search(r'<label [^>]*for="search-q"', html) and 'id="search-q"' in html
    assert 'name="q" value="养老"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "<script" not in html.split("<main", 1)[1]


@pytest.mark.django_db
def test_search_results_escape_page_content_and_query(client, xining):
    add_page(home_of(xining), '<img src=x onerror="alert(1)">敬老院', '<script>alert("x")</script>敬老院开放日 & 义诊')
    response = client.get("/xining/search/", {"q": "<script>敬老院"})
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<mark>敬老院</mark>" in html
    assert "&lt;script&gt;" in html  # the query, echoed


@pytest.mark.django_db
def test_results_are_paginated(client, xining):
    home = home_of(xining)
    for n in range(23):
        add_page(home, f"冰雕展第{n}场", "冰雕展览")
    first = client.get("/xining/search/", {"q": "冰雕"})
    assert len(result_titles(first)) == 10
    html = first.content.decode()
    assert "找到 <strong>23</strong> 条" in html
    assert 'href="?q=%E5%86%B0%E9%9B%95&amp;page=2" rel="next"' in html
    assert 'rel="prev"' not in html
    third = client.get("/xining/search/", {"q": "冰雕", "page": 3})
    assert len(result_titles(third)) == 3
    assert 'rel="prev"' in third.content.decode() and 'rel="next"' not in third.content.decode()
    titles = set(result_titles(first)) | set(result_titles(client.get("/xining/search/", {"q": "冰雕", "page": 2})))
    assert len(titles | set(result_titles(third))) == 23
    for bad_page in ["abc", "0", "-1", "999999999999999999999", ""]:
        response = client.get("/xining/search/", {"q": "冰雕", "page": bad_page})
        assert response.status_code == 200 and result_titles(response)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_results(client, xining):
    home = home_of(xining)
    add_page(home, "冰壶比赛通知", "冰壶")
    for n in range(12):
        add_page(home, f"雪橇比赛第{n}场", "雪橇")
    client.get("/xining/search/", {"q": "冰壶"})  # warm the site cache

    def queries(q, url="/xining/search/"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"q": q}).status_code == 200
        return len(ctx.captured_queries)

    one, ten = queries("冰壶"), queries("雪橇")
    assert ten == one, (one, ten)
    assert ten <= 16
    assert queries("雪橇", "/search/") <= 12  # the portal also looks up the district of each result, in one query


HOSTILE = [
    "",
    "   ",
    "养" * 10_000,
    "a" * 65,
    '"',
    "*",
    "OR",
    "NEAR(",
    "NEAR(养老 服务, 2)",
    '"养老" OR "服务"',
    "养老 AND NOT 服务",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%",
    "\\",
    "\x00",
    "养老\x00服务",
    "{title body}: 养老",
    "养老^2",
    "😀",
    "\u202e养老",
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:20]))
def test_hostile_queries_get_a_friendly_answer(client, query):
    for url in ["/search/", "/xining/search/"]:
        response = client.get(url, {"q": query})
        assert response.status_code == 200, (url, query)
        html = response.content.decode()
        assert "<script>alert" not in html
        assert "\x00" not in html
        if len(query) > text.MAX_QUERY_LENGTH:
            assert "搜索词太长了" in html
        elif clean_query(query) and not text.query_terms(query):
            assert "没有可以搜索的字词" in html


@pytest.mark.django_db
def test_no_results_gets_a_chinese_hint(client):
    html = client.get("/xining/search/", {"q": "火星基地"}).content.decode()
    assert "没有找到与“火星基地”有关的内容" in html


@pytest.mark.django_db
def test_search_page_of_an_unknown_path_is_a_404(client):
    assert client.get("/no-such-district/search/", {"q": "养老"}).status_code == 404


# The backend serves all of Wagtail: the admin, choosers, query objects.


@pytest.mark.django_db
def test_the_backend_understands_wagtail_query_objects(xining):
    page = add_page(home_of(xining), "助老服务队", "居家養老服務")
    pages = Page.objects.live()
    assert page in pages.search(PlainText("养老"))
    assert page in pages.search(Phrase("居家养老"))
    assert page in pages.search(And([PlainText("养老"), PlainText("服务")]))
    assert page not in pages.search(And([PlainText("养老"), Not(PlainText("服务"))]))
    assert page in pages.autocomplete("助老")
    assert list(pages.search("，。！")) == []


@pytest.mark.django_db
def test_admin_page_search_understands_chinese(client, superuser, xining):
    add_page(home_of(xining), "居家养老服务中心", "")
    client.force_login(superuser)
    response = client.get("/admin/pages/search/", {"q": "養老"})
    assert response.status_code == 200
    assert "居家养老服务中心" in response.content.decode()


@pytest.mark.django_db
def test_portal_is_searchable_as_a_page():
    assert PortalHomePage.objects.live().search("基层治理").count() == 1


@pytest.mark.django_db
def test_the_search_form_tag_searches_the_district_shown_or_the_whole_site(rf, xining):
    from django.template import Context, Template

    template = Template("{% load search_tags %}{% search_form %}")
    request = rf.get("/")
    in_district = template.render(Context({"request": request, "district": xining}))
    assert 'action="/xining/search/"' in in_district
    assert 'role="search"' in in_district and '<label class="search-form__label visually-hidden"' in in_district
    assert 'action="/search/"' in template.render(Context({"request": request}))


@pytest.mark.django_db
def test_an_excerpt_shows_a_repeated_summary_once(xining):
    page = add_page(home_of(xining), "夜校开课", "社区夜校开课啦")
    assert page_text(page) == "社区夜校开课啦"


@pytest.mark.django_db
def test_every_page_has_a_search_box_in_its_header_for_its_own_district(client):
    """A resident can search from any page: the district's own search inside a district, the whole
    site on the portal and the 404 page; the search page itself shows only its large box."""
    header = re.compile(r'<header class="site-header">.*?</header>', re.S)
    cases = {"/xining/": "/xining/search/", "/yumen/services/": "/yumen/search/", "/": "/search/"}
    for url, action in cases.items():
        html = header.search(client.get(url).content.decode()).group()
        assert f'action="{action}"' in html, url
        assert 'id="header-q"' in html and 'type="search" name="q" value=""' in html
    missing = client.get("/xining/no-such-page/")
    assert missing.status_code == 404 and 'id="header-q"' in missing.content.decode()
    results = client.get("/xining/search/?q=养老").content.decode()
    assert 'id="header-q"' not in results and results.count('role="search"') == 1
