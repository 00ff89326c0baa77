"""Helpers content apps use in their `to_document` functions."""

import re

from django.utils.html import strip_tags

_SPACE = re.compile(r"\s+")


def searchable_text(instance, field_name="body", limit=20000):
    """The words readers may search for in one field (a StreamField or rich text), as one plain string.

    Wagtail's own `get_searchable_content` decides what counts: every block's text, rich text without
    tags, table cells, image alt text; ids, chooser targets and URLs are left out.
    """
    field = instance._meta.get_field(field_name)
    value = getattr(instance, field_name)
    if not value:
        return ""
    parts = field.get_searchable_content(value)
    # Rich text arrives without tags already; table cells and RichTextField values may still carry HTML.
    text = strip_tags(" ".join(str(part) for part in parts if part))
    return _SPACE.sub(" ", text).strip()[:limit]
