from . import chrome as page_chrome


def navigation(request):
    """Site settings and the top navigation (the live, public children of the site root marked
    'show in menus'), from this process's copy of the page chrome: see home/chrome.py."""
    chrome = page_chrome.for_request(request)
    return {"chrome": chrome, "nav_pages": chrome.nav, "nav_root_url": chrome.root_url}
