import datetime
from decimal import Decimal

import factory
import wagtail_factories

from carriers.models import CompanyMilestone, FundingRound
from insights.models import FollowUp, PlanProgressPage

from .carriers import CompanyFactory


class FundingRoundFactory(factory.django.DjangoModelFactory):
    company = factory.SubFactory(CompanyFactory)
    closed_on = datetime.date(2024, 6, 1)
    round_name = "A轮"
    amount_wan = Decimal("5000")
    investors = "内部投资方甲"

    class Meta:
        model = FundingRound


class MilestoneFactory(factory.django.DjangoModelFactory):
    company = factory.SubFactory(CompanyFactory)
    stage = "hightech"
    reached_on = datetime.date(2024, 12, 1)
    evidence = "证书 GR2024"

    class Meta:
        model = CompanyMilestone


class FollowUpFactory(factory.django.DjangoModelFactory):
    company = factory.SubFactory(CompanyFactory)
    followed_on = factory.LazyFunction(datetime.date.today)
    staff_name = "王敏"
    found = "内部跟踪情况：正在准备B轮"
    next_step = "对接专家"

    class Meta:
        model = FollowUp


class PlanProgressPageFactory(wagtail_factories.PageFactory):
    title = "计划进度"
    slug = "plan-progress"

    class Meta:
        model = PlanProgressPage
