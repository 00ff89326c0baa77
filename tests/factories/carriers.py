import datetime
from decimal import Decimal

import factory
import wagtail_factories

from carriers.models import (
    CarrierIndexPage,
    CarrierLevel,
    CarrierPage,
    CarrierType,
    Company,
    CompanyStage,
    Industry,
    Residency,
    TechnologyPlatform,
)
from core.models import Area


def area(slug):
    return Area.objects.get(slug=slug)


def industries(*slugs):
    return list(Industry.objects.filter(slug__in=slugs))


def levels(*slugs):
    return list(CarrierLevel.objects.filter(slug__in=slugs))


class CarrierIndexPageFactory(wagtail_factories.PageFactory):
    title = "一图一库"
    slug = factory.Sequence(lambda n: f"carriers-{n}")
    intro = "浦东孵化载体一张图"
    per_page = 12

    class Meta:
        model = CarrierIndexPage


class CarrierPageFactory(wagtail_factories.PageFactory):
    """A carrier in 张江 by default. Pass area="jinqiao", industries=["ic"], levels=["gaofeng"],
    platforms=[("名称", "testing", True)] to shape it."""

    title = factory.Sequence(lambda n: f"张江测试孵化器{n}")
    slug = factory.Sequence(lambda n: f"carrier-{n}")
    carrier_type = CarrierType.INCUBATOR
    area = factory.LazyFunction(lambda: Area.objects.get(slug="zhangjiang"))
    summary = "为早期科技企业提供孵化服务。"
    latitude = Decimal("31.204000")
    longitude = Decimal("121.601000")

    class Meta:
        model = CarrierPage
        skip_postgeneration_save = True

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if isinstance(kwargs.get("area"), str):
            kwargs["area"] = Area.objects.get(slug=kwargs["area"])
        return kwargs

    @factory.post_generation
    def industries(self, create, extracted, **kwargs):
        if extracted:
            self.industries.set(industries(*extracted))
            self.save()

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        if extracted:
            self.levels.set(levels(*extracted))
            self.save()

    @factory.post_generation
    def platforms(self, create, extracted, **kwargs):
        if extracted:
            self.platforms = [TechnologyPlatform(name=n, kind=k, is_open=o) for n, k, o in extracted]
            self.save()


class CompanyFactory(factory.django.DjangoModelFactory):
    credit_code = factory.Sequence(lambda n: f"91310115MA1T{n:06d}")
    name = factory.Sequence(lambda n: f"上海测试科技有限公司{n}")
    industry = factory.LazyFunction(lambda: Industry.objects.get(slug="ic"))
    stage = CompanyStage.INCUBATING
    profile = "专注集成电路设计。"
    is_public = True
    staff_financing = "内部融资信息：A轮五千万"
    staff_contact_name = "内部联系人甲"
    staff_contact_phone = "13900000000"
    staff_notes = "内部备注：勿外传"

    class Meta:
        model = Company


class ResidencyFactory(factory.django.DjangoModelFactory):
    company = factory.SubFactory(CompanyFactory)
    entered_on = datetime.date(2024, 1, 1)

    class Meta:
        model = Residency
