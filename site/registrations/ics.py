"""iCalendar (RFC 5545) files for what people registered for, built with the `icalendar` library."""

from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone

import icalendar


def build_ics(*, uid, title, starts_at, ends_at, location="", description="", url="", organiser=""):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//chuangfu//registrations//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at)
    event.add("summary", title)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    if organiser:
        # The site's own sender address: replies reach whoever runs the site, never a made-up mailbox.
        address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        event.add("organizer", icalendar.vCalAddress(f"mailto:{address}"), parameters={"cn": organiser})
    calendar.add_component(event)
    return calendar.to_ical()
