from django import template
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

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


@register.simple_tag
def facet_fieldsets(facets):
    """The facet checkboxes, built in Python: a search page shows up to a hundred values, and rendering
    them node by node in the template language took longer than the search itself."""
    parts = []
    for facet, values in facets:
        items = format_html_join(
            "\n",
            '<li><label class="facet__option"><input type="checkbox" name="{}" value="{}"{}>'
            '<span class="facet__label">{}</span>'
            '<span class="facet__count" aria-label="{} 条">{}</span></label></li>',
            (
                (facet.key, item.value, mark_safe(" checked") if item.selected else "", item.label)  # noqa: S308
                + (item.count, item.count)
                for item in values
            ),
        )
        parts.append(
            format_html(
                '<fieldset class="facet"><legend class="facet__legend">{}</legend>'
                '<ul class="facet__list">\n{}\n</ul></fieldset>',
                facet.label,
                items,
            )
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - every part above is built with format_html
