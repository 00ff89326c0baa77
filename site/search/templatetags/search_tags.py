from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def query_url_without(context, key, value):
    """The current query string without one value of a multi-valued filter (and back on page 1)."""
    request = context["request"]
    pairs = [
        (k, v)
        for k in request.GET
        for v in request.GET.getlist(k)
        if k != "page" and not (k == key and v == value)
    ]
    return f"?{urlencode(pairs)}" if pairs else request.path
