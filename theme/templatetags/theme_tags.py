from html import unescape

from django import template
from django.utils.html import strip_tags

register = template.Library()


@register.simple_tag(takes_context=True)
def is_active_nav(context, nav_page):
    page = context.get("page") or context.get("self")
    if page is None or not hasattr(page, "path"):
        return False
    return page.path.startswith(nav_page.path)


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    ancestors = []
    if page is not None and getattr(page, "depth", 0) > 2:
        ancestors = list(page.get_ancestors().filter(depth__gt=1).live().specific(defer=True))
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


def _plain(text):
    return " ".join(strip_tags(unescape(str(text))).split())


@register.filter
def repeats_body(summary, body):
    """True when the body opens with the summary word for word (an article would then say it twice)."""
    summary = _plain(summary or "")
    if not summary or not body:
        return False
    first = body[0]
    if first.block_type != "paragraph":
        return False
    return _plain(getattr(first.value, "source", first.value)).startswith(summary)
