"""The 长者模式 switch: a plain link that sets a cookie and goes back, so it works without JavaScript."""

from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control, never_cache

ELDER_COOKIE = "cf_elder"
ELDER_MAX_AGE = 365 * 24 * 3600


def safe_next(request, default="/"):
    """The `next` path if it stays on this site, else the site root (no open redirect)."""
    target = request.GET.get("next") or request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@never_cache
def elder_mode(request):
    response = HttpResponseRedirect(safe_next(request))
    if request.GET.get("mode") == "off" or request.POST.get("mode") == "off":
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    else:
        response.set_cookie(
            ELDER_COOKIE,
            "1",
            max_age=ELDER_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
    return response


ROBOTS_DISALLOW = ["/admin/", "/django-admin/", "/accounts/", "/registration/", "/changzhe/", "/search/"]


@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon_ico(request):
    """Browsers and WeChat ask for /favicon.ico and /apple-touch-icon.png at the root whatever the page says."""
    name = "apple-touch-icon.png" if request.path.endswith(".png") else "favicon.ico"
    return HttpResponsePermanentRedirect(static(f"theme/img/{name}"))
