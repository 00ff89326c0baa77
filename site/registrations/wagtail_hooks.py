"""The engine's staff views in the Wagtail admin (per target) and its permissions in the group editor."""

from django.contrib.auth.models import Permission
from django.urls import include, path

from wagtail import hooks

from . import admin_views, people

admin_urlpatterns = [
    path("<int:target_id>/", admin_views.registration_list, name="registrations"),
    path("<int:target_id>/add/", admin_views.registration_add, name="add"),
    path("<int:target_id>/check-in/", admin_views.check_in, name="check_in"),
    path("<int:target_id>/message/", admin_views.message, name="message"),
    path("<int:target_id>/export.<str:file_format>", admin_views.export, name="export"),
    path("registration/<int:registration_id>/action/", admin_views.registration_action, name="action"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "registrations/",
            include((admin_urlpatterns, "registrations_admin"), namespace="registrations_admin"),
        )
    ]


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="registrations",
        content_type__model__in=["registration", "registrationexport", "registrantmessage"],
    )


# The accounts app's hook points (see accounts/hooks.py); the engine never imports accounts.


@hooks.register("account_dashboard_sections")
def my_registrations_section(request):
    return [people.dashboard_section(request)]


@hooks.register("account_data_export")
def registrations_data(user):
    return {"event_registrations": people.export_for(user)}


@hooks.register("account_deleting")
def forget_registrations(user):
    people.forget(user)


@hooks.register("account_email_verified")
def attach_guest_registrations(user):
    people.attach_guest_registrations(user)
