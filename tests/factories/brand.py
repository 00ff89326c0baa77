from decimal import Decimal

import factory
import wagtail_factories

from brand.models import (
    BrandPage,
    ExpertiseField,
    ExpertPage,
    ServiceCategory,
    ServicePage,
    StationPage,
)
from core.brands import Brand
from core.models import Area


class BrandPageFactory(wagtail_factories.PageFactory):
    title = factory.LazyAttribute(lambda o: Brand(o.brand).label)
    brand = Brand.ZHIXUN
    slug = factory.LazyAttribute(lambda o: o.brand)
    summary = "专家咨询服务。"
    slogan = "专家问诊，精准解题"

    class Meta:
        model = BrandPage


def _by_slug(model, value):
    return model.objects.get(slug=value) if isinstance(value, str) else value


class ExpertPageFactory(wagtail_factories.PageFactory):
    """An expert under the zhixun BrandPage (pass parent=). expertise=["finance", "ip"], area="zhangjiang"
    shape it; the staff-only contact fields are filled so privacy tests have something to look for."""

    title = factory.Sequence(lambda n: f"测试专家{n}")
    slug = factory.Sequence(lambda n: f"expert-{n}")
    position = "早期创投基金 投资合伙人"
    summary = "长期关注硬科技早期投资，熟悉股权融资全流程。"
    questions = "早期项目如何设计股权结构？\n天使轮估值怎么谈？"
    staff_phone = "13812345678"
    staff_email = "expert.private@example.com"
    staff_notes = "内部备注：仅周二下午可约"

    class Meta:
        model = ExpertPage
        skip_postgeneration_save = True

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if "area" in kwargs:
            kwargs["area"] = _by_slug(Area, kwargs["area"])
        return kwargs

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        self.expertise.set(ExpertiseField.objects.filter(slug__in=extracted or ["finance"]))
        self.save()


class ServicePageFactory(wagtail_factories.PageFactory):
    """A service product under the yunchao BrandPage (pass parent=). category="ip", areas=["lingang"]."""

    title = factory.Sequence(lambda n: f"测试服务产品{n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    provider = "浦江示例知识产权服务有限公司"
    category = factory.LazyFunction(lambda: ServiceCategory.objects.get(slug="ip"))
    audience = "初创期科技企业"
    price_note = "首次咨询免费"
    summary = "专利挖掘与申请一站式服务。"
    contact_phone = "021-50000000"
    website = "https://service.example.com/"

    class Meta:
        model = ServicePage
        skip_postgeneration_save = True

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if "category" in kwargs:
            kwargs["category"] = _by_slug(ServiceCategory, kwargs["category"])
        return kwargs

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if extracted:
            self.areas.set(Area.objects.filter(slug__in=extracted))
            self.save()


class StationPageFactory(wagtail_factories.PageFactory):
    """A 创孵驿站 under the yizhan BrandPage (pass parent=), in 张江 unless area="jinqiao" etc."""

    title = factory.Sequence(lambda n: f"测试创孵驿站{n}")
    slug = factory.Sequence(lambda n: f"station-{n}")
    area = factory.LazyFunction(lambda: Area.objects.get(slug="zhangjiang"))
    address = "上海市浦东新区示例路1号"
    opening_hours = "工作日 9:00–17:00"
    services = "政策咨询\n载体推荐\n活动报名协助"
    phone = "021-58000000"
    summary = "家门口的孵化服务窗口。"
    latitude = Decimal("31.204000")
    longitude = Decimal("121.601000")

    class Meta:
        model = StationPage

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if "area" in kwargs:
            kwargs["area"] = _by_slug(Area, kwargs["area"])
        return kwargs
