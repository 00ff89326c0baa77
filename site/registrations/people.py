"""A person's registrations, as the accounts app needs them (through its hooks; see registrations'
wagtail_hooks.py): the 我的活动报名 section of 我的创孵, the data export, account deletion, and joining
registrations made as a guest to an account whose email is verified. Uses settings.AUTH_USER_MODEL only;
this engine never imports the accounts app."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Replace, Upper
from django.utils.translation import gettext as _

from . import engine
from .links import registration_token
from .models import ACTIVE_STATUSES, Registration, RegistrationStatus
from .owners import kinds_with_own_section

S = RegistrationStatus
CANCELLABLE = (S.PENDING, S.CONFIRMED, S.WAITLISTED, S.OFFERED)
TICKET_STATUSES = (S.CONFIRMED, S.ATTENDED)
ANONYMOUS_NAME = "已注销用户"


def registrations_of(user):
    """The person's registrations, newest first, with the waitlist position of waitlisted ones, in one
    query (the dashboard's query count does not grow with the number of registrations)."""
    ahead = (
        Registration.objects.filter(target=OuterRef("target"), status=S.WAITLISTED, pk__lt=OuterRef("pk"))
        .order_by()
        .values("target")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Registration.objects.filter(user=user)
        .select_related("target")
        .annotate(waitlist_ahead=Coalesce(Subquery(ahead, output_field=IntegerField()), 0))
        .order_by("-created_at", "-pk")
    )


def dashboard_section(request):
    """我的活动报名: status, the signed link to each registration (ticket, calendar), cancel."""
    rows = []
    for registration in registrations_of(request.user).exclude(target__kind__in=kinds_with_own_section()):
        rows.append(
            {
                "registration": registration,
                "token": registration_token(registration),
                "can_cancel": registration.status in CANCELLABLE,
                "has_ticket": registration.status in TICKET_STATUSES,
                "waitlist_position": registration.waitlist_ahead + 1
                if registration.status == S.WAITLISTED
                else None,
            }
        )
    return {
        "title": _("我的活动报名"),
        "template": "registrations/dashboard_section.html",
        "context": {"rows": rows},
        "order": 50,
    }


def export_for(user):
    """Everything stored about the person's registrations, for the PIPL data download."""
    return [
        {
            "title": registration.target.title,
            "starts_at": registration.target.starts_at,
            "status": registration.get_status_display(),
            "ticket_code": registration.ticket_code,
            "name": registration.name,
            "mobile": registration.mobile,
            "email": registration.email,
            "organisation": registration.organisation,
            "job_title": registration.job_title,
            "party_size": registration.party_size,
            "answers": registration.answers,
            "created_at": registration.created_at,
            "status_changed_at": registration.status_changed_at,
            "attended_at": registration.attended_at,
        }
        for registration in Registration.objects.filter(user=user).select_related("target").order_by("pk")
    ]


def forget(user):
    """Account deletion: cancel what is still active through the engine (freed seats are offered to the
    waitlist), then anonymise every registration of the person. Run inside the deletion's transaction.

    Anonymising comes after cancelling: attended and no-show registrations stay "active" for the unique
    index over (target, mobile), so each gets a placeholder of its own ("x" + id), never a shared blank.
    """
    for registration in Registration.objects.filter(user=user, status__in=CANCELLABLE).order_by("pk"):
        engine.cancel(registration, by="account_deleted")
    for registration in Registration.objects.filter(user=user).order_by("pk"):
        registration.name = ANONYMOUS_NAME
        registration.mobile = f"x{registration.pk}"[:11]
        registration.email = ""
        registration.organisation = ""
        registration.job_title = ""
        registration.answers = {}
        registration.staff_note = ""
        registration.user = None
        registration.save()


def attach_guest_registrations(user):
    """Join registrations made without an account, under the person's now verified email, to the account.

    An active guest registration for a target where the account already holds an active one stays
    unattached (one active registration per account and target)."""
    if not user.email:
        return 0
    guest = Registration.objects.filter(user__isnull=True, email__iexact=user.email)
    active_targets = Registration.objects.filter(user=user, status__in=ACTIVE_STATUSES).values("target")
    return guest.exclude(Q(status__in=ACTIVE_STATUSES) & Q(target__in=active_targets)).update(user=user)


def _organisation_key(text):
    return "".join((text or "").split()).upper()


def company_registrations(company, kind, label, limit=100):
    """一企一档 (the insights app's `company_services` hook, answered by events and the academy): a
    company's people's registrations of one target kind, newest first. A registration counts when its 单位
    is the company's name or credit code, spacing and case ignored; an empty name or code matches nothing."""
    keys = {key for key in (_organisation_key(company.name), _organisation_key(company.credit_code)) if key}
    if not keys:
        return []
    organisation = Upper(Replace(Replace("organisation", Value(" "), Value("")), Value("　"), Value("")))
    rows = (
        Registration.objects.annotate(org_key=organisation)
        .filter(target__kind=kind, org_key__in=keys)
        .select_related("target")
        .order_by("-created_at")[:limit]
    )
    return [
        {
            "kind": label,
            "title": row.target.title,
            "date": row.target.starts_at or row.created_at,
            "status": row.get_status_display(),
            "person": row.name,
        }
        for row in rows
    ]
