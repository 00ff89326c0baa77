from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def query_url(context, **changes):
    """The current URL's query string with some parameters changed; None or '' removes one.

    Changing any filter resets pagination, so a shared link never lands on an empty page.
    """
    request = context["request"]
    params = request.GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = urlencode(sorted((k, v) for k in params for v in params.getlist(k)))
    return f"?{encoded}" if encoded else request.path


@register.simple_tag(takes_context=True)
def query_url_with(context, key, value):
    """query_url for a parameter whose name is a variable, for shared filter components."""
    return query_url(context, **{key: value})


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
