from django import template
from django.utils import timezone

from core.index_pages import first_public_page
from registrations.models import attach_seat_counts

from ..models import EventIndexPage, EventPage

register = template.Library()


@register.inclusion_tag("events/brand_events.html", takes_context=True)
def brand_events(context, brand, count=6, past_count=3):
    """The upcoming events of one brand and its latest past ones (the 创孵沙龙 page lists its salons)."""
    events = list(
        EventPage.for_cards()
        .filter(brand=brand, ends_at__gte=timezone.now())
        .order_by("starts_at", "pk")[:count]
    )
    # 往期回顾: the brand's latest past events, newest first (their pages keep the agenda, speakers and photos).
    past = list(
        EventPage.for_cards()
        .filter(brand=brand, ends_at__lt=timezone.now())
        .order_by("-starts_at", "-pk")[:past_count]
    )
    attach_seat_counts(events + past)  # one query for both lists
    index = first_public_page(EventIndexPage)
    return {"events": events, "past_events": past, "index_page": index, "request": context.get("request")}
