from django.urls import include, path, reverse
from django.utils import timezone

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import ListingButton

from core.index_pages import first_public_page
from registrations.models import attach_seat_counts, with_seat_counts

from . import admin_views
from .company_services import event_registrations  # noqa: F401 - registers the `company_services` hook
from .models import EventIndexPage, EventPage

admin_urlpatterns = [path("", admin_views.event_list, name="events")]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("events/", include((admin_urlpatterns, "events_admin"), namespace="events_admin"))]


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("registrations.view_registration")


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return RegistrationsMenuItem("活动报名", reverse("events_admin:events"), icon_name="date", order=250)


@hooks.register("register_page_listing_buttons")
def page_listing_buttons(page, user, next_url=None, **kwargs):
    if isinstance(page.specific_deferred, EventPage) and user.has_perm("registrations.view_registration"):
        target_id = page.specific_deferred.registration_target_id
        if target_id:
            yield ListingButton(
                "报名管理", reverse("registrations_admin:registrations", args=[target_id]), priority=15
            )


class UpcomingEventsPanel(Component):
    """Dashboard: the next events and how full they are."""

    name = "upcoming_events"
    template_name = "events/admin/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        events = with_seat_counts(
            EventPage.objects.filter(ends_at__gte=timezone.now()).select_related("registration_target")
        ).order_by("starts_at")[:8]
        rows = []
        for event in events:
            capacity = event.capacity if event.registration_enabled else 0
            taken = event.seats_taken
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
    if request.user.has_perm("registrations.view_registration"):
        panels.append(UpcomingEventsPanel())


@hooks.register("home_upcoming_events")
def home_upcoming_events(count):
    events = attach_seat_counts(
        EventPage.for_cards().filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")[:count]
    )
    index = first_public_page(EventIndexPage)
    return {"items": events, "more_url": index.url if index else None}


@hooks.register("upcoming_events")
def upcoming_events(event_type, count):
    """The next `count` live, public events of one type (e.g. "training"), for other apps that must not
    import events (the academy's 学堂 page lists the one-off 培训): `{"items", "more_url"}`, seat counts
    annotated for the event card."""
    events = attach_seat_counts(
        EventPage.for_cards()
        .filter(event_type=event_type, ends_at__gte=timezone.now())
        .order_by("starts_at", "pk")[:count]
    )
    index = first_public_page(EventIndexPage)
    return {"items": events, "more_url": f"{index.url}?type={event_type}" if index else None}
