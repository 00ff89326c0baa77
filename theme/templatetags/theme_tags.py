from django import template

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
