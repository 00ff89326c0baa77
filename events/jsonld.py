"""schema.org Event JSON-LD for an event page (search engines and WeChat link previews read it)."""

import json

from django.utils import timezone
from django.utils.html import mark_safe

STATUS_AVAILABILITY = {
    "open": "https://schema.org/InStock",
    "full_waitlist": "https://schema.org/LimitedAvailability",
    "full": "https://schema.org/SoldOut",
    "not_open": "https://schema.org/PreOrder",
}


def event_data(page, request, state):
    url = page.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": page.summary,
        "startDate": timezone.localtime(page.starts_at).isoformat(),
        "endDate": timezone.localtime(page.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "url": url,
        "inLanguage": "zh-CN",
        "organizer": {"@type": "Organization", "name": page.organiser},
    }
    place = None
    if page.venue_address:
        place = {
            "@type": "Place",
            "name": page.venue_name or page.venue_address,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": page.venue_address,
                "addressCountry": "CN",
            },
        }
        if page.latitude is not None and page.longitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(page.latitude),
                "longitude": float(page.longitude),
            }
    virtual = {"@type": "VirtualLocation", "url": page.online_url} if page.online_url else None
    if place and virtual:
        data["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
        data["location"] = [place, virtual]
    elif virtual:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = virtual
    elif place:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        data["location"] = place
    if page.cover_image_id:
        rendition = page.cover_image.get_rendition("fill-1200x675")
        data["image"] = [request.build_absolute_uri(rendition.url) if request else rendition.url]
    if state.code in STATUS_AVAILABILITY:
        offer = {"@type": "Offer", "price": "0", "priceCurrency": "CNY", "url": url}
        offer["availability"] = STATUS_AVAILABILITY[state.code]
        if state.opens_at:
            offer["validFrom"] = timezone.localtime(state.opens_at).isoformat()
        data["offers"] = offer
        data["isAccessibleForFree"] = True
    return data


def event_jsonld(page, request, state):
    text = json.dumps(event_data(page, request, state), ensure_ascii=False)
    # Inside <script>, "</" and "<!--" must not appear.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
