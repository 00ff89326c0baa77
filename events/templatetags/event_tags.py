from django import template
from django.utils import timezone

from registrations.models import with_seat_counts

from ..models import EventIndexPage, EventPage

register = template.Library()


@register.inclusion_tag("events/brand_events.html", takes_context=True)
def brand_events(context, brand, count=6, past_count=3):
    """The upcoming events of one brand and its latest past ones (the 创孵沙龙 page lists its salons)."""
    events = list(
        with_seat_counts(
            EventPage.objects.live()
            .public()
            .filter(brand=brand, ends_at__gte=timezone.now())
            .select_related("cover_image", "registration_target")
            .prefetch_related("cover_image__renditions")
            .order_by("starts_at", "pk")
        )[:count]
    )
    # 往期回顾: the brand's latest past events, newest first (their pages keep the agenda, speakers and photos).
    past = list(
        with_seat_counts(
            EventPage.objects.live()
            .public()
            .filter(brand=brand, ends_at__lt=timezone.now())
            .select_related("cover_image", "registration_target")
            .prefetch_related("cover_image__renditions")
            .order_by("-starts_at", "-pk")
        )[:past_count]
    )
    index = EventIndexPage.objects.live().public().first()
    return {"events": events, "past_events": past, "index_page": index, "request": context.get("request")}
