"""The site's public address for links that leave the request (mails, .ics files, certificates, QR codes):
always settings.WAGTAILADMIN_BASE_URL, never the request's Host header nor the Site row's hostname, which
production refuses to start without (config/settings/production.py)."""

from urllib.parse import urlsplit

from django.conf import settings


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(path):
    """`path` ("/registration/…") on the public base URL."""
    return base_url() + path


def page_url(page):
    """A page's public address on the base URL ("" for a page outside every site)."""
    parts = page.get_url_parts()
    if parts is None:
        return ""
    return absolute(parts[2])


def protocol_and_domain():
    """("https", "www.example.cn") for Django's password-reset mail templates."""
    parts = urlsplit(base_url())
    return parts.scheme, parts.netloc
