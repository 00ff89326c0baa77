from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import never_cache

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts.admin_users import AccountView
from search import views as search_views


def _superusers_only(request):
    return request.user.is_active and request.user.is_superuser


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
    path("sitemap.xml", sitemap),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
