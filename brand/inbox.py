"""Everything that changes a ServiceRequest: submit (with its idempotency key and, for visits, the slot
lock), the staff workflow (assign, reply, status, internal notes) and the requester's own actions (message,
withdraw, rate). Each change locks the request row, writes its history row and queues the requester's mail
in the same transaction (worker.mail outbox), so a mail exists exactly when its change commits."""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from worker.mail import queue_mail

from .models.requests import (
    OPEN_STATUSES,
    MessageKind,
    RequestKind,
    RequestMessage,
    RequestStatus,
    ServiceRequest,
    VisitHalf,
    VisitSlot,
    response_hours,
)

S = RequestStatus
# What staff may move a request to from each status; withdrawing is the requester's alone.
TRANSITIONS = {
    S.NEW: (S.ASSIGNED, S.IN_PROGRESS, S.REPLIED, S.CLOSED),
    S.ASSIGNED: (S.IN_PROGRESS, S.REPLIED, S.CLOSED),
    S.IN_PROGRESS: (S.REPLIED, S.CLOSED),
    S.REPLIED: (S.IN_PROGRESS, S.CLOSED),
    S.CLOSED: (),
    S.WITHDRAWN: (),
}


class RequestRefused(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class Submission:
    """What the public form collected (already validated)."""

    kind: str
    topic: str
    company_name: str
    stage: str
    need: str
    contact_name: str
    mobile: str
    email: str
    user: object = None
    expert: object = None
    service: object = None
    station: object = None
    visit_date: datetime.date = None
    visit_half: str = ""
    visitors: int = 1
    extra: dict = field(default_factory=dict)


def seats_taken(slot):
    taken = (
        ServiceRequest.objects.filter(visit_slot=slot)
        .exclude(status=S.WITHDRAWN)
        .aggregate(n=Sum("visitors"))["n"]
    )
    return taken or 0


def _library_company(name):
    """The company of that exact name in the 一图一库 library, if there is exactly one (string model
    reference: brand never imports the carriers app)."""
    try:
        company_model = apps.get_model("carriers", "Company")
    except LookupError:
        return None
    matches = list(company_model.objects.filter(name=name)[:2])
    return matches[0] if len(matches) == 1 else None


def _lock_slot(station, date, half):
    VisitSlot.objects.bulk_create([VisitSlot(station=station, date=date, half=half)], ignore_conflicts=True)
    return VisitSlot.objects.select_for_update().get(station=station, date=date, half=half)


def submit(sub, submission_key="", now=None):
    """Record one request; (request, created). A replayed key returns the first request for the same mobile."""
    if submission_key:
        existing = ServiceRequest.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return _replayed(existing, sub)
    if sub.kind == RequestKind.VISIT:
        if sub.visit_half not in VisitHalf.values:
            raise RequestRefused(_("请选择上午或下午。"), "visit_half")
        if sub.visit_date not in sub.station.visit_dates():
            raise RequestRefused(_("该日期不开放预约，请选择列表中的日期。"), "visit_date")
    try:
        with transaction.atomic():
            slot = None
            if sub.kind == RequestKind.VISIT:
                slot = _lock_slot(sub.station, sub.visit_date, sub.visit_half)
                if seats_taken(slot) + sub.visitors > sub.station.visit_capacity:
                    raise RequestRefused(_("该时段已约满，请选择其他日期或时段。"), "visit_date")
            now = now or timezone.now()
            service = sub.service if sub.kind == RequestKind.SERVICE else None
            request = ServiceRequest.objects.create(
                kind=sub.kind,
                submission_key=submission_key,
                topic=sub.topic,
                company_name=sub.company_name,
                company=_library_company(sub.company_name),
                stage=sub.stage,
                need=sub.need,
                contact_name=sub.contact_name,
                mobile=sub.mobile,
                email=sub.email,
                user=sub.user if getattr(sub.user, "is_authenticated", False) else None,
                privacy_version=settings.PRIVACY_NOTICE_VERSION,
                privacy_consented_at=now,
                expert=sub.expert,
                service=service,
                provider=getattr(service, "service_provider", None),
                station=sub.station if sub.kind == RequestKind.VISIT else None,
                visit_slot=slot,
                visitors=sub.visitors if slot else 1,
                created_at=now,
                due_at=now + datetime.timedelta(hours=response_hours(sub.kind, service)),
            )
            RequestMessage.objects.create(
                request=request, kind=MessageKind.STATUS, status=S.NEW, created_at=now
            )
            queue_request_mail(request, "received", S.NEW)
    except IntegrityError:
        # The same key committed by a parallel submit (a double click) while this one waited.
        existing = (
            ServiceRequest.objects.filter(submission_key=submission_key).first() if submission_key else None
        )
        if existing is None:
            raise
        return _replayed(existing, sub)
    return request, True


def _replayed(existing, sub):
    if existing.mobile != sub.mobile:
        raise RequestRefused(_("此表单已提交过，请刷新页面后重新填写。"))
    return existing, False


def _locked(request):
    return ServiceRequest.objects.select_for_update().get(pk=request.pk)


def _set_status(request, status, by=None, body="", now=None, quote=None):
    now = now or timezone.now()
    request.status = status
    if status in (S.CLOSED, S.WITHDRAWN):
        request.closed_at = now
    if status in (S.REPLIED, S.CLOSED) and request.first_response_at is None and by is not None:
        request.first_response_at = now
    request.save()
    message = RequestMessage.objects.create(
        request=request, kind=MessageKind.STATUS, status=status, body=body, author=by, created_at=now
    )
    queue_request_mail(request, "status", status, quote or message)


def change_status(request, status, by, body="", now=None):
    """A staff member moves the request on; the requester gets a mail (with `body`, a public note)."""
    with transaction.atomic():
        request = _locked(request)
        if status not in TRANSITIONS[request.status]:
            raise RequestRefused(
                _("“%(old)s”的需求不能改为“%(new)s”。")
                % {"old": request.get_status_display(), "new": RequestStatus(status).label}
            )
        _set_status(request, status, by=by, body=body, now=now)
    return request


def assign(request, assignee, by, now=None):
    with transaction.atomic():
        request = _locked(request)
        if not request.is_open:
            raise RequestRefused(_("已办结或已撤回的需求不能再分派。"))
        request.assignee = assignee
        request.save(update_fields=["assignee"])
        if request.status == S.NEW:
            _set_status(request, S.ASSIGNED, by=by, now=now)
    return request


def reply(request, body, by, now=None):
    """A public answer: the requester sees it on their page and in the mail; the request becomes 已答复."""
    now = now or timezone.now()
    with transaction.atomic():
        request = _locked(request)
        if not request.is_open:
            raise RequestRefused(_("已办结或已撤回的需求不能再答复。"))
        answer = RequestMessage.objects.create(
            request=request, kind=MessageKind.REPLY, body=body, author=by, created_at=now
        )
        if request.first_response_at is None:
            request.first_response_at = now
        if request.status != S.REPLIED:
            _set_status(request, S.REPLIED, by=by, now=now, quote=answer)
        else:
            request.save(update_fields=["first_response_at"])
            queue_request_mail(request, "reply", S.REPLIED, answer)
    return request


def add_note(request, body, by):
    """An internal note: never on the requester's page, never in a mail."""
    return RequestMessage.objects.create(request=request, kind=MessageKind.NOTE, body=body, author=by)


def add_requester_message(request, body):
    with transaction.atomic():
        request = _locked(request)
        if not request.is_open:
            raise RequestRefused(_("需求已办结或已撤回，不能再留言。"))
        return RequestMessage.objects.create(request=request, kind=MessageKind.REQUESTER, body=body)


def withdraw(request):
    with transaction.atomic():
        request = _locked(request)
        if not request.is_open:
            raise RequestRefused(_("需求已办结或已撤回。"))
        _set_status(request, S.WITHDRAWN)
    return request


def rate(request, rating, comment=""):
    with transaction.atomic():
        request = _locked(request)
        if request.status != S.CLOSED:
            raise RequestRefused(_("需求办结后才能评价。"))
        if request.rating is not None:
            raise RequestRefused(_("您已评价过，感谢反馈。"))
        if rating not in range(1, 6):
            raise RequestRefused(_("请选择 1–5 分。"), "rating")
        request.rating = rating
        request.rating_comment = comment
        request.rated_at = timezone.now()
        request.save(update_fields=["rating", "rating_comment", "rated_at"])
    return request


def queue_request_mail(request, kind, status, quote=None):
    """Queue the requester's mail about this change (quoting a public message's text, if any) in the
    change's transaction (worker.mail outbox)."""
    quote_id = quote.pk if quote is not None and not quote.internal else None
    queue_mail(
        "brand.mails.request_message", request.pk, kind, str(status), quote_id, recipient=request.email
    )


def open_requests():
    return ServiceRequest.objects.filter(status__in=OPEN_STATUSES)


# The person behind an account (accounts' hooks, wired in wagtail_hooks.py) -----------------------------------

ANONYMOUS_NAME = "已注销用户"


def forget_account(user, now=None):
    """Account deletion, inside its transaction: open requests are withdrawn (a booked visit frees its place;
    no mail goes to an address that is being forgotten), then every request of the person loses its
    contact and its link to the account. The topic, company and need stay: they are the service's record.
    What the person wrote in their follow-up messages is cleared, as registrations clear their answers."""
    now = now or timezone.now()
    for request in ServiceRequest.objects.select_for_update().filter(user=user, status__in=OPEN_STATUSES):
        request.status = S.WITHDRAWN
        request.closed_at = now
        request.save(update_fields=["status", "closed_at"])
        RequestMessage.objects.create(
            request=request, kind=MessageKind.STATUS, status=S.WITHDRAWN, body=_("账号已注销，需求自动撤回。")
        )
    mine = ServiceRequest.objects.filter(user=user)
    RequestMessage.objects.filter(request__in=mine, kind=MessageKind.REQUESTER).update(body="")
    mine.update(contact_name=ANONYMOUS_NAME, mobile="", email="", user=None)


def attach_guest_requests(user):
    """Requests made without an account under the person's now verified email join the account."""
    if not user.email:
        return 0
    return ServiceRequest.objects.filter(user__isnull=True, email__iexact=user.email).update(user=user)
