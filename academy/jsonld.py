"""schema.org Course JSON-LD: one `Course` per course with a `CourseInstance` per session (search engines
show course details and dates from it). The course page emits its course; the catalogue an `ItemList` of
the courses it shows."""

import json
from decimal import Decimal

from django.utils import timezone
from django.utils.html import mark_safe

PROVIDER = {"@type": "Organization", "name": "浦东孵化学堂", "alternateName": "创孵学堂"}


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def course_mode(meetings, course_format):
    """online, onsite or blended, from where the session's meetings take place (its course's format when
    it has none yet)."""
    online = {bool(m.online_url) and not m.venue for m in meetings}
    if any(m.venue and m.online_url for m in meetings) or online == {True, False}:
        return "blended"
    if online == {True}:
        return "online"
    if online == {False}:
        return "onsite"
    return {"online": "online", "hybrid": "blended"}.get(course_format, "onsite")


def _locations(meetings):
    places, seen = [], set()
    for meeting in meetings:
        key = (meeting.venue, meeting.online_url)
        if key in seen:
            continue
        seen.add(key)
        if meeting.venue:
            places.append(
                {
                    "@type": "Place",
                    "name": meeting.venue,
                    "address": {
                        "@type": "PostalAddress",
                        "addressLocality": "上海市浦东新区",
                        "addressCountry": "CN",
                    },
                }
            )
        if meeting.online_url:
            # The link itself is for enrolled trainees only, as on the page.
            places.append({"@type": "VirtualLocation", "name": "线上"})
    unique = []
    for place in places:
        if place not in unique:
            unique.append(place)
    return unique[0] if len(unique) == 1 else unique


def course_instance(session, course):
    meetings = list(session.meetings.all())
    data = {
        "@type": "CourseInstance",
        "name": session.name,
        "courseMode": course_mode(meetings, course.course_format),
        "startDate": _iso(session.starts_at),
        "endDate": _iso(session.ends_at),
    }
    if meetings:
        data["location"] = _locations(meetings)
    if session.capacity:
        data["maximumAttendeeCapacity"] = session.capacity
    if meetings:
        data["courseSchedule"] = {
            "@type": "Schedule",
            "repeatCount": len(meetings),
            "startDate": _iso(session.starts_at),
            "endDate": _iso(session.ends_at),
        }
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def course_data(course, request, mentors=None):
    """The Course object; `course.schedule` (sessions with meetings) must be loaded."""
    data = {
        "@type": "Course",
        "name": course.title,
        "description": course.summary,
        "url": course.get_full_url(request),
        "inLanguage": "zh-CN",
        "provider": PROVIDER,
        "timeRequired": f"PT{course.hours.normalize():f}H" if course.hours else None,
        "numberOfCredits": float(course.credits) if course.credits else None,
        "audience": {"@type": "Audience", "audienceType": course.audience},
        "teaches": course.outcome_list() or None,
        "about": [track.name for track in course.tracks.all()] or None,
        "isAccessibleForFree": course.is_free,
        "offers": {
            "@type": "Offer",
            "category": "Free" if course.is_free else "Paid",
            "price": f"{(course.fee or Decimal(0)).normalize():f}",
            "priceCurrency": "CNY",
        },
        "hasCourseInstance": [course_instance(session, course) for session in course.schedule],
    }
    if mentors:
        for instance in data["hasCourseInstance"]:
            instance["instructor"] = [
                {"@type": "Person", "name": m.title, "jobTitle": m.position} for m in mentors
            ]
    if not data["hasCourseInstance"]:
        del data["hasCourseInstance"]
    return {key: value for key, value in data.items() if value is not None}


def script(data):
    text = json.dumps(data, ensure_ascii=False)
    # Inside <script>, "</" and "<!--" must not appear.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above


def course_jsonld(course, request, mentors=None):
    return script({"@context": "https://schema.org", **course_data(course, request, mentors)})


def course_list_jsonld(courses, request):
    """An ItemList of the courses a catalogue page shows (loaded by courses_for_cards)."""
    items = [
        {"@type": "ListItem", "position": n, "item": course_data(course, request)}
        for n, course in enumerate(courses, start=1)
    ]
    return script({"@context": "https://schema.org", "@type": "ItemList", "itemListElement": items})
