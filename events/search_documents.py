"""Events in site search: public page fields only. Registrations and anything personal never get here."""

from django.utils.html import strip_tags

from search.registry import Searchable, SearchDocument, register

from .models import EventPage


def _stream_text(stream):
    parts = []
    for block in stream:
        value = block.value
        if hasattr(value, "source"):  # RichText
            parts.append(strip_tags(value.source))
        elif isinstance(value, dict) or hasattr(value, "items"):
            parts.extend(str(v) for k, v in value.items() if isinstance(v, str) and k not in ("photo",))
        elif isinstance(value, str):
            parts.append(value)
    return " ".join(p for p in parts if p)


def event_document(page):
    speakers = [block.value["name"] for block in page.speakers]
    return SearchDocument(
        title=page.title,
        url=page.url or "",
        summary=page.summary,
        body=" ".join(
            part
            for part in (_stream_text(page.body), _stream_text(page.agenda), _stream_text(page.speakers))
            if part
        ),
        date=page.starts_at,
        category=page.get_event_type_display(),
        tags=[page.get_brand_display()] if page.brand else [],
        areas=[],
        keywords=[k for k in (page.venue_name, page.organiser, *speakers) if k],
    )


register(
    Searchable(
        key="event",
        label="活动",
        model=EventPage,
        queryset=lambda: EventPage.objects.live().public().select_related("cover_image"),
        to_document=event_document,
    )
)
