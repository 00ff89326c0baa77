"""The demo's brand requests: 8 providers behind every service, 30 requests across the three kinds in every
status, some (not all) open ones overdue, enough ratings for a provider's average, and an inbox that renders."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from brand.admin_views import dashboard_numbers
from brand.models import RequestKind, RequestStatus, ServicePage, ServiceProvider, ServiceRequest
from brand.models.requests import OPEN_STATUSES


def test_demo_requests_and_providers(client, demo_site):
    assert ServiceProvider.objects.count() == 8
    services = ServicePage.objects.live()
    assert services.count() >= 16 and not services.filter(service_provider__isnull=True).exists()
    assert services.filter(innovation_voucher=True).exists()
    requests = ServiceRequest.objects.all()
    assert 25 <= requests.count() <= 35
    for kind in RequestKind.values:
        assert set(requests.filter(kind=kind).values_list("status", flat=True)) == set(RequestStatus.values)
    now = timezone.now()
    open_rows = requests.filter(status__in=OPEN_STATUSES)
    overdue = open_rows.filter(first_response_at__isnull=True, due_at__lt=now).count()
    assert 0 < overdue < open_rows.count()
    rated = ServiceProvider.objects.filter(requests__rating__isnull=False).distinct()
    best = max(rated, key=lambda p: p.requests.filter(rating__isnull=False).count())
    assert best.requests.filter(rating__isnull=False).count() >= 3
    assert "用户评分" in client.get(reverse("brand:provider", args=[best.slug])).content.decode()
    # Visits sit in slots of stations that take bookings.
    assert (
        requests.filter(kind=RequestKind.VISIT, visit_slot__isnull=False).count()
        == requests.filter(kind=RequestKind.VISIT).count()
    )
    admin = get_user_model().objects.get(username="admin")
    numbers = dashboard_numbers(admin)
    assert numbers["open"] == open_rows.count() and numbers["overdue"] == overdue
    client.force_login(admin)
    response = client.get(reverse("brand_admin:requests"))
    assert response.status_code == 200 and response.context["page_obj"].paginator.count == requests.count()
    assert "已逾期" in response.content.decode()
