"""Dates of class meetings, split so a narrow screen wraps between the day and the hours, never inside."""

from django import template
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()

WEEKDAYS = "一二三四五六日"


@register.filter
def meeting_when(meeting):
    """'2026年12月4日（周五） 14:00—17:00' as two unbreakable parts (both days when it spans two)."""
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    day = f"{start.year}年{start.month}月{start.day}日（周{WEEKDAYS[start.weekday()]}）"
    hours = (
        f"{start:%H:%M}—{end:%H:%M}"
        if end.date() == start.date()
        else f"{start:%H:%M}—{end.month}月{end.day}日 {end:%H:%M}"
    )
    return format_html('<span class="nowrap">{}</span> <span class="nowrap">{}</span>', day, hours)
