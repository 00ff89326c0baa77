"""一企一档: the course sessions a company's people enrolled in, for the insights app's `company_services` hook.
A registration counts when its 单位 is the company's name or credit code (spacing and case ignored)."""

from django.db.models import Q, Value
from django.db.models.functions import Replace, Upper

from wagtail import hooks

from registrations.models import Registration

LIMIT = 100


def _normalised(text):
    return "".join((text or "").split()).upper()


@hooks.register("company_services")
def course_enrollments(company):
    organisation = Upper(Replace(Replace("organisation", Value(" "), Value("")), Value("　"), Value("")))
    rows = (
        Registration.objects.annotate(org_key=organisation)
        .filter(target__kind="course_session")
        .filter(Q(org_key=_normalised(company.name)) | Q(org_key=_normalised(company.credit_code)))
        .select_related("target")
        .order_by("-created_at")[:LIMIT]
    )
    return [
        {
            "kind": "课程报名",
            "title": row.target.title,
            "date": row.target.starts_at or row.created_at,
            "status": row.get_status_display(),
            "person": row.name,
        }
        for row in rows
    ]
