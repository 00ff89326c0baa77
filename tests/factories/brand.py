import factory
import wagtail_factories

from brand.models import Brand, BrandPage


class BrandPageFactory(wagtail_factories.PageFactory):
    title = factory.LazyAttribute(lambda o: Brand(o.brand).label)
    brand = Brand.ZHIXUN
    slug = factory.LazyAttribute(lambda o: o.brand)
    summary = "专家咨询服务。"
    slogan = "专家问诊，精准解题"

    class Meta:
        model = BrandPage
