"""One place that cleans every query parameter and cookie before any view reads it.

PostgreSQL refuses strings with NUL bytes (a 500 wherever a parameter reaches a query or a cache key), and
no reader types control characters into a URL: they are dropped (tabs and line breaks become spaces), and
overlong values are cut, so views only ever validate meaningful text. Cookies are set by sites, never
typed: one whose value carries a control character is forged, and is dropped (a session key with a NUL byte
was a 500 on every page).
"""

import unicodedata

from django.conf import settings
from django.http import QueryDict

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

MAX_VALUE_LENGTH = 1000


def clean_value(value):
    if value.isprintable() and len(value) <= MAX_VALUE_LENGTH:
        return value
    cleaned = "".join(
        " " if char in "\t\n\r\x0b\x0c" else char
        for char in value
        if char in "\t\n\r\x0b\x0c" or unicodedata.category(char) not in ("Cc", "Cs")
    )
    return cleaned[:MAX_VALUE_LENGTH]


def clean_query(query):
    if all(clean_value(k) == k and all(clean_value(v) == v for v in query.getlist(k)) for k in query):
        return query
    cleaned = QueryDict(mutable=True)
    for key in query:
        cleaned.setlist(clean_value(key), [clean_value(v) for v in query.getlist(key)])
    cleaned._mutable = False
    return cleaned


def clean_cookies(cookies):
    if all(value.isprintable() for value in cookies.values()):
        return cookies
    return {name: value for name, value in cookies.items() if value.isprintable()}


class CleanQueryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = clean_query(request.GET)
        request.COOKIES = clean_cookies(request.COOKIES)  # before SessionMiddleware reads the session key
        return self.get_response(request)


class SecurityHeadersMiddleware(CSPMiddleware):
    """Content-Security-Policy (django-csp) with a per-request nonce for the site's few inline scripts, plus
    Permissions-Policy. Wagtail's and Django's admins still render inline scripts (inline panels, date
    pickers), so their pages get the same policy with 'unsafe-inline' scripts — staff-only pages behind login."""

    ADMIN_PREFIXES = ("/admin/", "/django-admin/")

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path.startswith(self.ADMIN_PREFIXES):
            parts.replace = {**(parts.replace or {}), "script-src": [SELF, UNSAFE_INLINE]}
            parts.nonce = None  # a nonce would make browsers ignore 'unsafe-inline'
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
