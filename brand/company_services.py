"""一企一档: the brand requests (智询, 云超, 驿站) a company made (the insights app's `company_services` hook).
A request counts when it was linked to the company in the library or names it exactly."""

from django.db.models import Q

from wagtail import hooks

from .models import ServiceRequest

LIMIT = 100


@hooks.register("company_services")
def service_requests(company):
    name = (company.name or "").strip()
    rows = (
        ServiceRequest.objects.filter(Q(company=company) | (Q(company_name=name) if name else Q(pk__in=[])))
        .select_related("provider")
        .order_by("-created_at")[:LIMIT]
    )
    return [
        {
            "kind": request.get_kind_display(),
            "title": request.topic,
            "date": request.created_at,
            "status": request.get_status_display(),
            "person": request.contact_name,
        }
        for request in rows
    ]
