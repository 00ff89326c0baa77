from wagtail.models import Site

import factory
import wagtail_factories

from home.models import HomePage, SiteSettings, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "创孵"
    slug = factory.Sequence(lambda n: f"home-{n}")

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"关于我们 {n}")
    intro = "创孵是浦东新区的孵化服务品牌。"
    body = factory.LazyFunction(lambda: [("paragraph", "<p>欢迎了解创孵。</p>")])

    class Meta:
        model = StandardPage


class SiteSettingsFactory(factory.django.DjangoModelFactory):
    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    site_name = "创孵"
    icp_number = "沪ICP备2023000000号-1"
    contact_phone = "021-5000 0000"

    class Meta:
        model = SiteSettings
        django_get_or_create = ("site",)
