"""Date formatting every app's templates share (Chinese, in Asia/Shanghai)."""

from django import template
from django.utils import timezone

register = template.Library()

WEEKDAYS = "一二三四五六日"


@register.filter
def when(thing):
    """'2026年12月5日（周六）14:00—17:00' for anything with starts_at/ends_at; both dates if it spans days."""
    start = timezone.localtime(thing.starts_at)
    if not thing.ends_at:
        return f"{start.year}年{start.month}月{start.day}日（周{WEEKDAYS[start.weekday()]}）{start:%H:%M}"
    end = timezone.localtime(thing.ends_at)
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
