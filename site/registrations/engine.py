"""The registration engine: every change of a registration's status goes through these functions.

Concurrency: each change first locks its RegistrationTarget row (SELECT … FOR UPDATE), so all decisions
about one event's seats are made one at a time, in the order the transactions got the lock. Partial unique
indexes (one active registration per mobile / email / account, one per submission key) back this up.

The engine knows nothing about events: an owner describes itself through `registrations.owners`. Mails are
sent after commit through django-tasks.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .mails import queue_registration_mail
from .models import ACTIVE_STATUSES, SEAT_STATUSES, Registration, RegistrationStatus, RegistrationTarget

S = RegistrationStatus


class RegistrationRefused(Exception):
    """A registration the engine will not accept; `message` is shown to the person, next to `field`."""

    def __init__(self, message, field=None, code="refused", registration=None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.registration = registration


@dataclass
class Applicant:
    name: str
    mobile: str
    email: str = ""
    organisation: str = ""
    job_title: str = ""
    party_size: int = 1
    answers: dict = field(default_factory=dict)
    user: object = None


@dataclass
class RegistrationState:
    """What a page says about registering right now (the honest label)."""

    code: str  # none / not_open / open / full_waitlist / full / closed / ended
    label: str
    seats_left: int | None = None
    capacity: int = 0
    can_register: bool = False
    will_waitlist: bool = False
    opens_at: datetime.datetime | None = None
    closes_at: datetime.datetime | None = None

    @property
    def taken(self):
        return None if self.seats_left is None else self.capacity - self.seats_left

    @property
    def fill_rate(self):
        if not self.capacity or self.seats_left is None:
            return None
        return round(100 * (self.capacity - self.seats_left) / self.capacity)


def seats_taken(target):
    return Registration.objects.filter(target=target).seats_taken()


def registration_state(target, owner=None, seats_taken=0, now=None):
    now = now or timezone.now()
    ends_at = getattr(owner, "ends_at", None) or (target.ends_at if target else None)
    if ends_at and now >= ends_at:
        return RegistrationState("ended", _("活动已结束"))
    if target is None:
        return RegistrationState("none", _("无需报名"))
    seats_left = None if target.unlimited else max(target.capacity - seats_taken, 0)
    common = {"seats_left": seats_left, "capacity": target.capacity, "opens_at": target.opens_at}
    common["closes_at"] = target.closes_at or target.starts_at
    window = target.window_state(now)
    if window == "not_open":
        return RegistrationState("not_open", _("报名未开始"), **common)
    if window != "open":
        return RegistrationState("closed", _("报名已截止"), **common)
    if seats_left is None:
        return RegistrationState("open", _("报名中"), can_register=True, **common)
    if seats_left > 0:
        return RegistrationState(
            "open", _("报名中 · 剩余 %(n)s 席") % {"n": seats_left}, can_register=True, **common
        )
    if target.waitlist_enabled:
        return RegistrationState(
            "full_waitlist", _("已满，可候补"), can_register=True, will_waitlist=True, **common
        )
    return RegistrationState("full", _("名额已满"), **common)


# Mail after commit -------------------------------------------------------------------------------------


def _mail_after_commit(registration, kind):
    queue_registration_mail(registration, kind)  # an outbox row in this transaction, sent after commit


@functools.cache
def _lock_sql(vendor):
    quote, meta = connection.ops.quote_name, RegistrationTarget._meta
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    return f"SELECT * FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s{lock}"  # noqa: S608


def _lock(target_id):
    """The target row, locked until the transaction ends (SQL built once: this runs on every submission)."""
    for target in RegistrationTarget.objects.raw(_lock_sql(connection.vendor), [target_id]):
        return target
    raise RegistrationTarget.DoesNotExist(f"registration target {target_id}")


def _set_status(registration, status, now, **extra):
    registration.status = status
    registration.status_changed_at = now
    for key, value in extra.items():
        setattr(registration, key, value)
    registration.save()


# Registering ---------------------------------------------------------------------------------------------

DUPLICATE_MESSAGES = {
    "mobile": "该手机号已报名本活动，请勿重复报名。可在确认邮件中的链接查看或取消报名。",
    "email": "该邮箱已报名本活动，请勿重复报名。可在确认邮件中的链接查看或取消报名。",
    "user": "您的账号已报名本活动，可在“我的报名”中查看。",
}


def _find_duplicate(target, applicant):
    active = Registration.objects.filter(target=target, status__in=ACTIVE_STATUSES)
    if active.filter(mobile=applicant.mobile).exists():
        return "mobile"
    if applicant.email and active.filter(email__iexact=applicant.email).exists():
        return "email"
    if applicant.user is not None and active.filter(user=applicant.user).exists():
        return "user"
    return None


def _same_person(registration, applicant):
    """A replayed submission belongs to the person who made it: same mobile, or same email, or same account."""
    if registration.mobile and registration.mobile == applicant.mobile:
        return True
    if registration.email and registration.email == (applicant.email or "").strip().lower():
        return True
    return registration.user_id is not None and registration.user_id == getattr(applicant.user, "pk", None)


@functools.cache
def _facts_sql(vendor):
    """The facts query, built once per database vendor (the ORM spent ~1.5 ms compiling it per submission)."""
    quote = connection.ops.quote_name
    column = {name: quote(Registration._meta.get_field(name).column) for name in _FACT_COLUMNS}

    def statuses(values):
        return ", ".join(f"'{status.value}'" for status in values)  # our own enum values, not input

    active = f"{column['status']} IN ({statuses(ACTIVE_STATUSES)})"
    return (
        f"SELECT COALESCE(SUM(CASE WHEN {column['status']} IN ({statuses(SEAT_STATUSES)}) "  # noqa: S608
        f"THEN {column['party_size']} ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN {active} AND {column['mobile']} = %s THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN {active} AND %s <> '' AND UPPER({column['email']}) = UPPER(%s) "
        f"THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN {active} AND {column['user']} = %s THEN 1 ELSE 0 END), 0), "
        f"MAX(CASE WHEN %s <> '' AND {column['submission_key']} = %s THEN {column['id']} END) "
        f"FROM {quote(Registration._meta.db_table)} WHERE {column['target']} = %s"
    )


_FACT_COLUMNS = ("id", "status", "party_size", "mobile", "email", "user", "submission_key", "target")


def _decision_facts(target, applicant, submission_key):
    """Everything a submission is decided on, in one query under the lock (conditional aggregates over the
    target's registrations): seats taken, whether the mobile, email (case-blind, as `email__iexact`) or
    account has an active registration, and the id of the registration already made with this key."""
    with connection.cursor() as cursor:
        cursor.execute(
            _facts_sql(connection.vendor),
            [
                applicant.mobile,
                applicant.email,
                applicant.email,
                getattr(applicant.user, "pk", None),
                submission_key,
                submission_key,
                target.pk,
            ],
        )
        seats, mobile, email, user, keyed = cursor.fetchone()
    return {"seats": seats, "mobile": mobile, "email": email, "user": user, "keyed": keyed}


def register(target, applicant, submission_key="", by_staff=False, status=None, now=None):
    """Register `applicant`; returns (registration, created). Raises RegistrationRefused.

    A replayed `submission_key` returns the registration it already made (created=False).
    Staff (`by_staff`) may register outside the window and may choose the status.
    Under the target's lock: the lock, one query for the facts, the insert and its outbox row.
    """
    submission_key = (submission_key or "")[:64]
    applicant.email = (applicant.email or "").strip().lower()
    with transaction.atomic():
        target = _lock(target.pk)
        # Taken after the lock, so created_at follows the order in which submissions were decided.
        now = now or timezone.now()
        facts = _decision_facts(target, applicant, submission_key)
        if facts.get("keyed") is not None:
            existing = Registration.objects.get(pk=facts["keyed"])
            if _same_person(existing, applicant):
                return existing, False
            # Someone else's form key (copied from a shared or cached page): never hand out their
            # registration; register this person as if the form had no key.
            submission_key = ""
        if not by_staff:
            window = target.window_state(now)
            if window == "not_open":
                raise RegistrationRefused(_("报名尚未开始。"), code="not_open")
            if window == "ended":
                raise RegistrationRefused(_("活动已结束。"), code="ended")
            if window == "closed":
                raise RegistrationRefused(_("报名已截止。"), code="closed")
            if applicant.party_size > target.max_party_size:
                raise RegistrationRefused(
                    _("每份报名最多 %(n)s 人。") % {"n": target.max_party_size},
                    field="party_size",
                    code="party",
                )
        duplicate = next((kind for kind in ("mobile", "email", "user") if facts.get(kind)), None)
        if duplicate:
            field_name = "email" if duplicate == "user" else duplicate
            raise RegistrationRefused(_(DUPLICATE_MESSAGES[duplicate]), field=field_name, code="duplicate")

        if status is None:
            fits = target.unlimited or facts["seats"] + applicant.party_size <= target.capacity
            if fits:
                status = S.PENDING if target.requires_approval and not by_staff else S.CONFIRMED
            elif target.waitlist_enabled:
                status = S.WAITLISTED
            else:
                raise RegistrationRefused(_("名额已满。"), code="full")
        registration = Registration(
            target=target,
            status=status,
            submission_key=submission_key,
            user=applicant.user if getattr(applicant.user, "is_authenticated", False) else None,
            name=applicant.name,
            mobile=applicant.mobile,
            email=applicant.email,
            organisation=applicant.organisation,
            job_title=applicant.job_title,
            party_size=applicant.party_size,
            answers=applicant.answers,
            added_by_staff=by_staff,
            created_at=now,
            status_changed_at=now,
        )
        try:
            # No savepoint: on a constraint error this whole transaction is rolled back anyway.
            registration.save(force_insert=True)
        except IntegrityError as exc:
            # Only reachable if a staff edit raced the lock; the constraints keep the data right.
            raise RegistrationRefused(
                _(DUPLICATE_MESSAGES["mobile"]), field="mobile", code="duplicate"
            ) from exc
        _mail_after_commit(
            registration, {S.PENDING: "received", S.WAITLISTED: "waitlisted"}.get(status, "confirmed")
        )
    return registration, True


# Seats coming free -----------------------------------------------------------------------------------------


def promote_waitlist(target, now=None):
    """Offer freed seats to waitlisted people in arrival order. Call with the target locked.

    No one is skipped: if the first waitlisted party does not fit, later parties wait too.
    """
    now = now or timezone.now()
    free = float("inf") if target.unlimited else target.capacity - seats_taken(target)
    offered = []
    deadline = now + datetime.timedelta(hours=target.get_offer_hours())
    for registration in Registration.objects.filter(target=target, status=S.WAITLISTED).order_by(
        "created_at", "pk"
    ):
        if registration.party_size > free:
            break
        _set_status(registration, S.OFFERED, now, offer_expires_at=deadline)
        _mail_after_commit(registration, "offer")
        free -= registration.party_size
        offered.append(registration)
    return offered


def fill_from_waitlist(target, now=None):
    """Offer seats that appeared without a cancellation (an editor raised the capacity)."""
    with transaction.atomic():
        return promote_waitlist(_lock(target.pk), now)


def sync_target(target, kind, **values):
    """Create or update an owner's target from its published settings (capacity, window, dates…) and
    return it. Seats that appear (a larger or an unlimited capacity) are offered to the waitlist at once."""
    target = target or RegistrationTarget(kind=kind)
    if target.pk and all(getattr(target, key) == value for key, value in values.items()):
        return target
    capacity = values.get("capacity", target.capacity)
    more_seats = target.pk and (
        (capacity == 0 and target.capacity != 0) or (target.capacity and capacity > target.capacity)
    )
    for key, value in values.items():
        setattr(target, key, value)
    target.save()
    if more_seats:
        fill_from_waitlist(target)
    return target


def cancel(registration, by="self", reason="", now=None):
    """Cancel (by the person or by staff); a freed seat goes to the waitlist as an offer."""
    now = now or timezone.now()
    with transaction.atomic():
        target = _lock(registration.target_id)
        registration.refresh_from_db()
        if registration.status not in (S.PENDING, S.CONFIRMED, S.WAITLISTED, S.OFFERED):
            raise RegistrationRefused(_("该报名当前状态不能取消。"), code="not_cancellable")
        _set_status(registration, S.CANCELLED, now, cancel_reason=reason or by, offer_expires_at=None)
        _mail_after_commit(registration, "cancelled")
        promote_waitlist(target, now)
    return registration


def claim_offer(registration, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        target = _lock(registration.target_id)
        registration.refresh_from_db()
        if registration.status != S.OFFERED:
            raise RegistrationRefused(_("该递补名额已失效。"), code="no_offer")
        if registration.offer_expires_at and now >= registration.offer_expires_at:
            raise RegistrationRefused(_("确认时限已过，名额已转给下一位候补者。"), code="expired")
        status = S.PENDING if target.requires_approval else S.CONFIRMED
        _set_status(registration, status, now, offer_expires_at=None)
        _mail_after_commit(registration, "received" if status == S.PENDING else "confirmed")
    return registration


def expire_offers(now=None):
    """Pass unclaimed offers on to the next person. A scheduler runs this (expire_registration_offers)."""
    now = now or timezone.now()
    expired = 0
    target_ids = (
        Registration.objects.filter(status=S.OFFERED, offer_expires_at__lte=now)
        .values_list("target_id", flat=True)
        .distinct()
    )
    for target_id in list(target_ids):
        with transaction.atomic():
            target = _lock(target_id)
            for registration in Registration.objects.filter(
                target=target, status=S.OFFERED, offer_expires_at__lte=now
            ):
                _set_status(
                    registration, S.CANCELLED, now, cancel_reason="offer_expired", offer_expires_at=None
                )
                _mail_after_commit(registration, "offer_expired")
                expired += 1
            promote_waitlist(target, now)
    return expired


# Staff actions -------------------------------------------------------------------------------------------------


def approve(registration, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        _lock(registration.target_id)
        registration.refresh_from_db()
        if registration.status != S.PENDING:
            raise RegistrationRefused(_("只有待审核的报名可以通过。"), code="not_pending")
        _set_status(registration, S.CONFIRMED, now)
        _mail_after_commit(registration, "confirmed")
    return registration


def reject(registration, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        target = _lock(registration.target_id)
        registration.refresh_from_db()
        if registration.status not in (S.PENDING, S.WAITLISTED):
            raise RegistrationRefused(_("只有待审核或候补中的报名可以驳回。"), code="not_pending")
        _set_status(registration, S.REJECTED, now, cancel_reason="rejected")
        _mail_after_commit(registration, "rejected")
        promote_waitlist(target, now)
    return registration


def move(registration, status, now=None):
    """Staff move a registration to any status; seats freed by the move are offered to the waitlist."""
    now = now or timezone.now()
    status = S(status)
    with transaction.atomic():
        target = _lock(registration.target_id)
        registration.refresh_from_db()
        if registration.status == status:
            return registration
        if (
            status in ACTIVE_STATUSES
            and registration.status not in ACTIVE_STATUSES
            and _find_duplicate(
                target,
                Applicant(
                    name="", mobile=registration.mobile, email=registration.email, user=registration.user
                ),
            )
        ):
            raise RegistrationRefused(_("此人已有另一份有效报名。"), code="duplicate")
        extra = {"offer_expires_at": None}
        if status == S.OFFERED:
            extra["offer_expires_at"] = now + datetime.timedelta(hours=target.get_offer_hours())
        if status == S.ATTENDED:
            extra["attended_at"] = now
        if status in (S.CANCELLED, S.REJECTED):
            extra["cancel_reason"] = "staff"
        _set_status(registration, status, now, **extra)
        mail = {
            S.CONFIRMED: "confirmed",
            S.OFFERED: "offer",
            S.CANCELLED: "cancelled",
            S.REJECTED: "rejected",
        }
        if status in mail:
            _mail_after_commit(registration, mail[status])
        promote_waitlist(target, now)
    return registration


def mark_attended(registration, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        _lock(registration.target_id)
        registration.refresh_from_db()
        if registration.status not in (S.CONFIRMED, S.NO_SHOW, S.ATTENDED):
            raise RegistrationRefused(_("该报名未确认，不能签到。"), code="not_confirmed")
        if registration.status != S.ATTENDED:
            _set_status(registration, S.ATTENDED, now, attended_at=now)
    return registration


CHECK_IN_REFUSALS = {
    S.CANCELLED: "该报名已取消，不能签到。",
    S.REJECTED: "该报名未通过审核，不能签到。",
    S.WAITLISTED: "该报名仍在候补中，没有座位，不能签到。",
    S.OFFERED: "该报名的递补名额尚未确认，不能签到。",
    S.PENDING: "该报名尚待审核，不能签到。",
}


def find_for_check_in(target, code):
    """The registration for a ticket code at this target, or RegistrationRefused with a clear reason."""
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if not code:
        raise RegistrationRefused(_("请输入票码。"), code="empty")
    registration = Registration.objects.select_related("target").filter(ticket_code=code).first()
    if registration is None:
        raise RegistrationRefused(_("票码 %(code)s 不存在，请核对。") % {"code": code}, code="unknown")
    if registration.target_id != target.pk:
        # Say nothing about the other target: a ticket code must not reveal what else its holder attends.
        raise RegistrationRefused(
            _("票码 %(code)s 不是本场的票，不能在此签到。") % {"code": code},
            code="other_event",
            registration=None,
        )
    if registration.status in CHECK_IN_REFUSALS:
        raise RegistrationRefused(
            _(CHECK_IN_REFUSALS[registration.status]), code="refused", registration=registration
        )
    return registration


def send_reminders(now=None):
    """Mail confirmed people the day before their event (local date); each person once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    tomorrow_start = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    )
    tomorrow_end = tomorrow_start + datetime.timedelta(days=1)
    sent = 0
    with transaction.atomic():
        due = (
            Registration.objects.select_for_update(skip_locked=True)
            .filter(
                status=S.CONFIRMED,
                reminder_sent_at__isnull=True,
                target__starts_at__gte=tomorrow_start,
                target__starts_at__lt=tomorrow_end,
            )
            .order_by("pk")
        )
        for registration in due:
            registration.reminder_sent_at = now
            registration.save(update_fields=["reminder_sent_at"])
            _mail_after_commit(registration, "reminder")
            sent += 1
    return sent


def offer_hours_default():
    return getattr(settings, "REGISTRATION_OFFER_HOURS", 48)
