from wagtail.models import Site


def navigation(request):
    """Top navigation: the live children of the site root that editors marked 'show in menus'."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"nav_pages": [], "nav_root": None}
    root = site.root_page
    nav_pages = root.get_children().live().public().in_menu().only("id", "title", "url_path", "path", "depth")
    return {"nav_pages": nav_pages, "nav_root": root}
