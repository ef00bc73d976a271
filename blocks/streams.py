"""The StreamBlocks pages are composed of."""

from wagtail import blocks

from .actions import CallToActionBlock, ShortcutsBlock
from .contacts import ContactCardBlock
from .figures import HeadlineFiguresBlock
from .flows import OrgStructureBlock, ProcessStepsBlock, TimelineBlock
from .listings import PageListBlock
from .media import CaptionedImageBlock, GalleryBlock
from .partners import PartnersBlock
from .text import FaqBlock, QuoteBlock, RichTextBlock, TableBlock

# Each page list costs its own queries: a bounded number of them keeps every page's query count bounded.
MAX_PAGE_LISTS = 4


class BodyBlock(blocks.StreamBlock):
    rich_text = RichTextBlock()
    figures = HeadlineFiguresBlock()
    process = ProcessStepsBlock()
    org_structure = OrgStructureBlock()
    partners = PartnersBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    call_to_action = CallToActionBlock()
    shortcuts = ShortcutsBlock()
    timeline = TimelineBlock()
    table = TableBlock()
    faq = FaqBlock()
    contact = ContactCardBlock()
    page_list = PageListBlock()

    class Meta:
        block_counts = {"page_list": {"max_num": MAX_PAGE_LISTS}}
