"""iCalendar (RFC 5545) files for what people registered for, built with the `icalendar` library."""

from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone

import icalendar


def build_ics(*, uid, title, starts_at, ends_at, location="", description="", url="", organiser="", more=()):
    """A calendar with one event, plus `more` events (dicts of uid, title, starts_at, ends_at, location) for
    owners that meet several times (a course session's class meetings)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//chuangfu//registrations//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(_event(uid, title, starts_at, ends_at, location, description, url, organiser))
    for extra in more:
        calendar.add_component(
            _event(
                extra["uid"],
                extra["title"],
                extra["starts_at"],
                extra["ends_at"],
                extra.get("location", ""),
                description,
                url,
                organiser,
            )
        )
    return calendar.to_ical()


def _event(uid, title, starts_at, ends_at, location, description, url, organiser):
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
    return event
