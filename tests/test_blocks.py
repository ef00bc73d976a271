"""The block library: every block renders, and wrong input gets a Chinese message."""

import pytest
from wagtail.blocks import Block
from wagtail.blocks.struct_block import StructBlockValidationError

from blocks.flows import ProcessStepsBlock
from blocks.links import LinkBlock
from blocks.listings import PageListBlock
from blocks.streams import BodyBlock
from districts.models import DistrictHomePage
from publishing.models import ArticlePage, BrandPage


@pytest.mark.django_db
def test_every_block_has_a_chinese_label_a_description_and_a_preview():
    for name, block in BodyBlock().child_blocks.items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(block.label)), name
        assert block.meta.description, name
        assert getattr(block.meta, "preview_value", None) is not None, name


def test_link_needs_a_page_or_a_url_but_not_both():
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(block.to_python({"page": None, "url": ""}))
    assert "二者选一" in str(caught.value.block_errors["page"])
    assert block.clean(block.to_python({"page": None, "url": "https://www.gov.cn/"}))["url"]


@pytest.mark.django_db
def test_page_list_refuses_chosen_pages_of_another_type():
    block = PageListBlock()
    article = ArticlePage.objects.first()
    value = block.to_python(
        {"heading": "品牌", "page_type": "brand", "mode": "chosen", "count": 3, "pages": [article.pk], "style": "cards"}
    )
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    assert "不是“治理品牌”" in str(caught.value.block_errors["pages"])
    empty = block.to_python({"heading": "品牌", "page_type": "brand", "mode": "chosen", "count": 3, "pages": []})
    with pytest.raises(StructBlockValidationError):
        block.clean(empty)


@pytest.mark.django_db
def test_page_list_chosen_keeps_the_editors_order_and_skips_drafts():
    block = PageListBlock()
    first, second = BrandPage.objects.filter(slug__in=["red-property", "xiadu-hub"]).order_by("-title")
    draft = BrandPage.objects.get(slug="red-heart-market")
    draft.unpublish()
    value = block.to_python(
        {
            "heading": "品牌",
            "page_type": "brand",
            "mode": "chosen",
            "count": 5,
            "pages": [first.pk, draft.pk, second.pk],
        }
    )
    assert [p.pk for p in block.pages_for(value, None)] == [first.pk, second.pk]


@pytest.mark.django_db
def test_page_list_auto_lists_only_the_districts_pages():
    block = PageListBlock()
    home = DistrictHomePage.objects.get(slug="ledu")
    value = block.to_python({"heading": "品牌", "page_type": "brand", "mode": "auto", "count": 6})
    titles = {p.title for p in block.pages_for(value, home)}
    assert titles == {"红心服务集市", "红色驿站"}


@pytest.mark.django_db
def test_every_block_renders_its_preview_value():
    for name, block in BodyBlock().child_blocks.items():
        if name == "contact":
            continue  # no grid worker in the demo roster to show; covered by test_contact_card
        html = block.render(block.get_preview_value(), context={})
        assert html.strip(), name


@pytest.mark.django_db
def test_block_preview_in_the_admin_uses_the_site_stylesheet(admin_client):
    BodyBlock()  # registers the block definitions
    block_id = next(key for key, block in Block.definition_registry.items() if isinstance(block, ProcessStepsBlock))
    response = admin_client.get("/admin/block-preview/", {"id": block_id})
    assert response.status_code == 200
    html = response.content.decode()
    assert "css/site.css" in html and "群众点单" in html and "steps__list" in html
