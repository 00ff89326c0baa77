import datetime

import factory
import wagtail_factories

from news.models import NewsCategory, NewsIndexPage, NewsPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "政策与动态"
    slug = factory.Sequence(lambda n: f"news-{n}")
    intro = "政策文件与工作动态"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"孵化载体新闻 {n}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    category = NewsCategory.WORK
    summary = "浦东孵化载体工作动态摘要。"
    body = factory.LazyFunction(lambda: [("paragraph", "<p>正文内容。</p>")])

    class Meta:
        model = NewsPage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.set(extracted)
            self.save_revision().publish()
