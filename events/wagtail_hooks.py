from django.contrib.auth.models import Permission
from django.db.models import Q, Sum
from django.urls import include, path, reverse
from django.utils import timezone

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import ListingButton

from . import admin_views
from .models import SEAT_STATUSES, EventIndexPage, EventPage, with_seat_counts

admin_urlpatterns = [
    path("", admin_views.event_list, name="events"),
    path("<int:target_id>/", admin_views.registration_list, name="registrations"),
    path("<int:target_id>/add/", admin_views.registration_add, name="add"),
    path("<int:target_id>/check-in/", admin_views.check_in, name="check_in"),
    path("<int:target_id>/export.<str:file_format>", admin_views.export, name="export"),
    path("registration/<int:registration_id>/action/", admin_views.registration_action, name="action"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("registrations/", include((admin_urlpatterns, "events_admin"), namespace="events_admin"))]


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("events.view_registration")


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return RegistrationsMenuItem("活动报名", reverse("events_admin:events"), icon_name="date", order=250)


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        Q(content_type__app_label="events")
        & Q(content_type__model__in=["registration", "registrationexport"])
    )


@hooks.register("register_page_listing_buttons")
def page_listing_buttons(page, user, next_url=None, **kwargs):
    if isinstance(page.specific_deferred, EventPage) and user.has_perm("events.view_registration"):
        target_id = page.specific_deferred.registration_target_id
        if target_id:
            yield ListingButton(
                "报名管理", reverse("events_admin:registrations", args=[target_id]), priority=15
            )


class UpcomingEventsPanel(Component):
    """Dashboard: the next events and how full they are."""

    name = "upcoming_events"
    template_name = "events/admin/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        events = (
            EventPage.objects.filter(ends_at__gte=timezone.now())
            .select_related("registration_target")
            .annotate(
                seats=Sum(
                    "registration_target__registrations__party_size",
                    filter=Q(registration_target__registrations__status__in=SEAT_STATUSES),
                )
            )
            .order_by("starts_at")[:8]
        )
        rows = []
        for event in events:
            capacity = event.capacity if event.registration_enabled else 0
            taken = event.seats or 0
            rows.append(
                {
                    "event": event,
                    "taken": taken,
                    "capacity": capacity,
                    "rate": round(100 * taken / capacity) if capacity else None,
                }
            )
        return {"rows": rows, "request": parent_context.get("request")}


@hooks.register("construct_homepage_panels")
def add_upcoming_events_panel(request, panels):
    if request.user.has_perm("events.view_registration"):
        panels.append(UpcomingEventsPanel())


@hooks.register("home_upcoming_events")
def home_upcoming_events(count):
    events = with_seat_counts(
        EventPage.objects.live()
        .public()
        .filter(ends_at__gte=timezone.now())
        .select_related("cover_image", "registration_target")
        .prefetch_related("cover_image__renditions")
        .order_by("starts_at", "pk")
    )[:count]
    index = EventIndexPage.objects.live().public().first()
    return {"items": list(events), "more_url": index.url if index else None}
