from html import escape

from django import template
from django.utils.safestring import mark_safe

from core.querystring import url_without

register = template.Library()


@register.simple_tag(takes_context=True)
def query_url_without(context, key, value):
    """The current query string without one value of a multi-valued filter (and back on page 1)."""
    return url_without(context["request"], key, value)


@register.simple_tag
def facet_fieldsets(facets):
    """The facet checkboxes, built in Python: a search page shows up to a hundred values, and rendering
    them node by node in the template language took longer than the search itself. Every value is
    escaped with html.escape (quotes too) before it goes into the markup."""
    parts = []
    for facet, values in facets:
        key = escape(facet.key)
        items = "\n".join(
            f'<li><label class="facet__option"><input type="checkbox" name="{key}" '
            f'value="{escape(item.value)}"{" checked" if item.selected else ""}>'
            f'<span class="facet__label">{escape(item.label)}</span>'
            f'<span class="facet__count" aria-label="{item.count:d} 条">{item.count:d}</span></label></li>'
            for item in values
        )
        parts.append(
            f'<fieldset class="facet"><legend class="facet__legend">{escape(str(facet.label))}</legend>'
            f'<ul class="facet__list">\n{items}\n</ul></fieldset>'
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped
