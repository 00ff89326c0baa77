import datetime

from django.utils import timezone

import factory
import wagtail_factories

from events.models import EventIndexPage, EventPage, EventType
from registrations.models import Registration, RegistrationStatus


def in_days(days, hour=14):
    base = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    return base + datetime.timedelta(days=days)


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "活动"
    slug = factory.Sequence(lambda n: f"events-{n}")
    intro = "创孵沙龙、项目路演、对接会、论坛与培训"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"创孵沙龙第 {n} 期")
    event_type = EventType.SALON
    starts_at = factory.LazyFunction(lambda: in_days(10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    venue_name = "张江科学会堂"
    venue_address = "上海市浦东新区张江路100号"
    summary = "孵化载体与创业者的交流沙龙。"
    capacity = 50
    max_party_size = 1

    class Meta:
        model = EventPage


class RegistrationFactory(factory.django.DjangoModelFactory):
    target = factory.LazyAttribute(
        lambda o: EventPageFactory(parent=EventIndexPageFactory()).registration_target
    )
    status = RegistrationStatus.CONFIRMED
    name = factory.Sequence(lambda n: f"报名者{n}")
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    email = factory.Sequence(lambda n: f"person{n}@example.cn")
    organisation = "某科技有限公司"

    class Meta:
        model = Registration
