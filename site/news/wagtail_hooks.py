"""What the news app gives the home page: its categories (for the 最新新闻 section's filter) and the latest items."""

from wagtail import hooks

from core.index_pages import first_public_page

from .models import NewsCategory, NewsIndexPage, NewsPage


@hooks.register("home_news_categories")
def home_news_categories():
    return NewsCategory.choices


@hooks.register("home_latest_news")
def home_latest_news(count, category=""):
    items = (
        NewsPage.objects.live().public().defer("body").select_related("cover_image").order_by("-date", "-pk")
    )
    if category:
        items = items.filter(category=category)
    return {"items": list(items[:count]), "index_page": first_public_page(NewsIndexPage)}
