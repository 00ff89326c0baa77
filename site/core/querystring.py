"""Links that change the current query string, for URLs built in Python (filter options, chips).

Templates with literal keys use Django's `{% querystring %}`; these helpers serve the cases it cannot:
a key held in a variable, and removing one value of a repeated key. Changing a filter drops `page`, so a
shared link never lands on a page past the end of a shorter list.
"""

from django.utils.http import urlencode


def _link(request, params):
    encoded = urlencode(sorted((k, v) for k in params for v in params.getlist(k)))
    return f"{request.path}?{encoded}" if encoded else request.path


def url_with(request, **changes):
    """The current query with `changes` applied; a value of None or "" removes that key."""
    params = request.GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params.setlist(key, [str(value)])
    return _link(request, params)


def url_without(request, key, value=None):
    """The current query without `key` (or without one of its values when it repeats)."""
    params = request.GET.copy()
    params.pop("page", None)
    if value is None:
        params.pop(key, None)
    else:
        params.setlist(key, [v for v in params.getlist(key) if v != value])
    return _link(request, params)
