from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import never_cache

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts.admin_users import AccountView
from search import views as search_views
from theme import views as theme_views


def _superusers_only(request):
    return request.user.is_active and request.user.is_superuser


def _password_form(request, page_view_restriction_id, page_id):
    """Wagtail's form for a password-protected page redirects with resolve_url, which reads a return_url
    without a slash as a URL name (a 500 for any other text); its own form always sends a path, so a
    forged value goes to the site root instead."""
    return_url = request.POST.get("return_url", "")
    if request.method == "POST" and return_url and not return_url.startswith("/"):
        request.POST = request.POST.copy()
        request.POST["return_url"] = "/"
    return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)


# Django's own admin shows raw tables (task results, …): superusers only. Staff work in Wagtail's admin.
admin.site.has_permission = _superusers_only

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Before Wagtail's own: its 账户 page asks for first and last name, ours for 姓名.
    path(
        "admin/account/",
        never_cache(require_admin_access(AccountView.as_view())),
        name="wagtailadmin_account",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("search/autocomplete/", search_views.autocomplete, name="search_autocomplete"),
    path("registration/", include("registrations.urls")),
    path("accounts/", include("accounts.urls")),
    path("xuetang/", include("academy.urls")),
    path("brand/", include("brand.urls")),
    path("sitemap.xml", sitemap),
    path("changzhe/", theme_views.elder_mode, name="elder_mode"),
    path("robots.txt", theme_views.robots_txt, name="robots_txt"),
    path("favicon.ico", theme_views.favicon_ico),
    path("apple-touch-icon.png", theme_views.favicon_ico),
    # Before Wagtail's own (same URL): see _password_form.
    path("_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/", _password_form),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
