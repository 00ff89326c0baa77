"""iCalendar (RFC 5545) for one event: the page's download and the confirmation mail's attachment."""

import datetime

from django.http import HttpResponse
from django.utils import timezone


def _escape(text):
    return (
        str(text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line):
    """Lines longer than 75 octets are folded (continuation lines start with a space)."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > 75:
            out.append(current.decode())
            current = b" "
        current += encoded
    out.append(current.decode())
    return "\r\n".join(out)


def _utc(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def build_ics(*, uid, title, starts_at, ends_at, location="", description="", url="", organiser=""):
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//chuangfu//events//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(starts_at)}",
        f"DTEND:{_utc(ends_at)}",
        f"SUMMARY:{_escape(title)}",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    if url:
        lines.append(f"URL:{url}")
    if organiser:
        lines.append(f"ORGANIZER;CN={_escape(organiser)}:mailto:noreply@chuangfu.example.cn")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()


def event_ics(page, request=None):
    url = page.get_full_url(request)
    return build_ics(
        uid=f"event-{page.pk}@chuangfu",
        title=page.title,
        starts_at=page.starts_at,
        ends_at=page.ends_at,
        location=page.location_text or page.online_url,
        description=f"{page.summary}\n{url}",
        url=url,
        organiser=page.organiser,
    )


def event_ics_response(page, request):
    response = HttpResponse(event_ics(page, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{page.pk}.ics"'
    return response
