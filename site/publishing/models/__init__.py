from .brand import BrandPage
from .content import ContentPage
from .news import ArticlePage, NewsIndexPage

__all__ = ["ArticlePage", "BrandPage", "ContentPage", "NewsIndexPage"]
