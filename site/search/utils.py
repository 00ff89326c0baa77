"""Helpers content apps use in their `to_document` functions."""

import html
import re

from django.utils.html import strip_tags

_SPACE = re.compile(r"\s+")


def plain_text(value, limit=20000):
    """Plain text of a StreamField (or RichText / HTML string): every string inside, tags removed."""
    parts = []

    def walk(data):
        if isinstance(data, str):
            parts.append(data)
        elif isinstance(data, dict):
            for key, item in data.items():
                if key not in {"type", "id"}:
                    walk(item)
        elif isinstance(data, list | tuple):
            for item in data:
                walk(item)

    raw = getattr(value, "raw_data", None)
    if raw is not None:
        walk(list(raw))
    elif value:
        walk(str(value))
    text = html.unescape(strip_tags(" ".join(p for p in parts if not _looks_like_id(p))))
    return _SPACE.sub(" ", text).strip()[:limit]


def _looks_like_id(text):
    # Block ids and image/page ids carry no words readers search for.
    return bool(re.fullmatch(r"[0-9a-f-]{8,}|\d+", text))
