from django import template
from django.utils import timezone

register = template.Library()

WEEKDAYS = "一二三四五六日"


@register.filter
def event_when(page):
    """'2026年12月5日（周六）14:00—17:00', or both dates when the event spans days."""
    start = timezone.localtime(page.starts_at)
    end = timezone.localtime(page.ends_at)
    text = f"{start.year}年{start.month}月{start.day}日（周{WEEKDAYS[start.weekday()]}）{start:%H:%M}"
    if end.date() == start.date():
        return f"{text}—{end:%H:%M}"
    return f"{text} — {end.month}月{end.day}日（周{WEEKDAYS[end.weekday()]}）{end:%H:%M}"


@register.filter
def local_datetime(value):
    if not value:
        return ""
    value = timezone.localtime(value)
    return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"


@register.inclusion_tag("events/brand_events.html", takes_context=True)
def brand_events(context, brand, count=6):
    """The upcoming events of one brand (the 创孵沙龙 page lists its salons)."""
    from events.models import EventIndexPage, EventPage, with_seat_counts

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
    index = EventIndexPage.objects.live().public().first()
    return {"events": events, "index_page": index, "request": context.get("request")}
