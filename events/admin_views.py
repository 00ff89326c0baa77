"""Staff side of events in the Wagtail admin: every event with its registration numbers. The per-event
registration list, check-in and export are the registration engine's own views (registrations_admin)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils import timezone

from registrations.models import with_seat_counts

from .models import EventPage


def event_list(request):
    """Every event with its registration numbers; upcoming first."""
    if not request.user.has_perm("registrations.view_registration"):
        raise PermissionDenied
    now = timezone.now()
    when = request.GET.get("when", "upcoming")
    events = with_seat_counts(EventPage.objects.select_related("registration_target"))
    if when == "past":
        events = events.filter(ends_at__lt=now).order_by("-starts_at")
    else:
        events = events.filter(ends_at__gte=now).order_by("starts_at")
    page = Paginator(events, 30).get_page(request.GET.get("p"))
    return TemplateResponse(request, "events/admin/event_list.html", {"page_obj": page, "when": when})
