import functools
import re
from html import unescape

from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

import qrcode
from qrcode.image.svg import SvgPathImage

register = template.Library()


@register.simple_tag(takes_context=True)
def is_active_nav(context, nav_page):
    page = context.get("page") or context.get("self")
    if page is None or not hasattr(page, "path"):
        return False
    return page.path.startswith(nav_page.path)


def _routed_ancestors(page):
    """The ancestors routing already read (each page keeps its parent: core/public_pages.py), else None."""
    chain, node = [], getattr(page, "_cached_parent_obj", None)
    while node is not None and node.depth > 1:
        chain.append(node)
        node = getattr(node, "_cached_parent_obj", None)
    if not chain or chain[-1].depth != 2 or len(chain) != page.depth - 2:
        return None
    return [ancestor for ancestor in reversed(chain) if ancestor.live]


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    ancestors = []
    if page is not None and getattr(page, "depth", 0) > 2:
        ancestors = _routed_ancestors(page)
        if ancestors is None:
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


@register.simple_tag
def qr_svg(text, label):
    """An inline SVG QR code of `text` (a page's address for WeChat's scanner), drawn on the server."""
    return mark_safe(_qr_svg(str(text), str(label)))  # noqa: S308 - escaped in _qr_svg


@functools.lru_cache(maxsize=1024)
def _qr_svg(text, label):
    """Drawing a QR code took a third of an article's render; the same address always gives the same code."""
    svg = qrcode.make(text, image_factory=SvgPathImage, border=2).to_string(encoding="unicode")
    svg = re.sub(r'^<svg width="[^"]*" height="[^"]*"', "<svg", svg)
    return svg.replace("<svg", f'<svg class="qr" role="img" aria-label="{escape(label)}"', 1)


@register.simple_tag(takes_context=True)
def share_url(context):
    """This page's address as readers reach it, without any query string (tracking, paging)."""
    request = context["request"]
    return request.build_absolute_uri(request.path)
