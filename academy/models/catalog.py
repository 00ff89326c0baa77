"""What the academy's public catalogue shares: where its two index pages may live, the listing filters the
core listing has no class for (the month of a session's first class meeting, one-option filters such as
报名中), and a course's sessions with their honest enrollment state, loaded for a whole page of courses
in a constant number of queries."""

import datetime
import zoneinfo

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from core.brands import Brand
from core.listing import Counts, Filter, MonthFilter, rows_by_value
from registrations import engine
from registrations.models import RegistrationTarget, attach_seat_counts, with_seat_counts

from .sessions import ClassMeeting, CourseSession


class AcademyIndexPage(Page):
    """The course catalogue and the mentor directory hang directly below the 创孵学堂 brand page, one each."""

    parent_page_types = ["brand.BrandPage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True

    @classmethod
    def can_exist_under(cls, parent):
        if not super().can_exist_under(parent):
            return False
        # The brand is compared by value: the academy never imports the brand app.
        return getattr(parent.specific_deferred, "brand", None) == Brand.XUETANG


# Filters ------------------------------------------------------------------------------------------------

# The key under which a one-option filter counts the entries that do not match (never offered as a term).
REST = "__rest__"


class OneOptionFilter(Filter):
    """A filter with a single option (报名中, 孵化领军人物): the entries matching `condition()` (a Q).

    Its counts carry the non-matching entries under REST, so the facet's 全部 count (their sum) is what the
    other filters leave, and both come from one aggregate query."""

    def __init__(self, param, label, *, value, option_label, condition, **kwargs):
        super().__init__(param, label, **kwargs)
        self.value = value
        self.option_label = option_label
        self.condition = condition

    def clean(self, raw, loaded=None):
        return self.value if raw == self.value else None

    def apply(self, queryset, value):
        return queryset.filter(self.condition())

    def counts(self, queryset):
        row = queryset.order_by().aggregate(
            every=Count("pk", distinct=True), matching=Count("pk", distinct=True, filter=self.condition())
        )
        return Counts({self.value: row["matching"], REST: row["every"] - row["matching"]}, every=row["every"])

    def terms(self, counts, value, loaded=None):
        return [(self.value, str(self.option_label))]


def first_meetings():
    """Each session's first class meeting (the earliest; ties broken by id): the meetings with no earlier
    one in their session. An anti-join PostgreSQL hashes once, where "the id of the session's first
    meeting" was a sorted subquery per meeting (the course list's month counts: 1.0 → 0.26 ms)."""
    earlier = ClassMeeting.objects.filter(session=OuterRef("session")).filter(
        Q(starts_at__lt=OuterRef("starts_at")) | Q(starts_at=OuterRef("starts_at"), pk__lt=OuterRef("pk"))
    )
    return ClassMeeting.objects.filter(~Exists(earlier))


class FirstMeetingMonthFilter(MonthFilter):
    """Courses by the month (local time) in which one of their sessions starts, i.e. has its first class
    meeting. A course with sessions in two months counts in both."""

    def __init__(self, param, label, **kwargs):
        super().__init__(param, label, field="starts_at", **kwargs)

    def many_valued(self, model):
        return True

    def _months(self, value):
        year, month = (int(part) for part in value.split("-"))
        tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        start = datetime.datetime(year, month, 1, tzinfo=tz)
        return start, datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)

    def apply(self, queryset, value):
        start, end = self._months(value)
        starting = first_meetings().filter(starts_at__gte=start, starts_at__lt=end)
        return queryset.filter(pk__in=starting.values("session__course_id"))

    def count_rows(self, queryset, facet=None):
        meetings = first_meetings().filter(session__course__in=queryset.order_by().values("pk")).order_by()
        month = TruncMonth("starts_at", tzinfo=self._tz())  # read as text: "YYYY-MM-01 00:00:00"
        return rows_by_value(meetings, month, Count("session__course", distinct=True), facet)

    def read_rows(self, model, rows):
        return {month[:7]: n for month, n in rows if month}


def open_targets(now):
    """Registration targets whose window is open at `now` and that still take people: a seat is left,
    there is no limit, or a full session keeps a waitlist (the same rule as engine.registration_state)."""
    window = (
        (Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        & (Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        & (
            Q(closes_at__gt=now)
            | (Q(closes_at__isnull=True) & (Q(starts_at__isnull=True) | Q(starts_at__gt=now)))
        )
    )
    return with_seat_counts(RegistrationTarget.objects.filter(window), target_path="pk").filter(
        Q(capacity=0) | Q(waitlist_enabled=True) | Q(seats_taken__lt=F("capacity"))
    )


def open_sessions(now):
    return CourseSession.objects.filter(registration_target__in=open_targets(now).values("pk"))


def open_for_enrollment(now):
    """Courses with at least one session open for enrollment at `now` (a Q over CoursePage)."""
    return Q(pk__in=open_sessions(now).values("course_id"))


# Sessions and their state -------------------------------------------------------------------------------


def sessions_queryset(seat_counts=True):
    """Sessions with their registration target and class meetings in date order, and seat counts
    (with_seat_counts) unless the caller attaches them to the rows it reads (attach_course_seat_counts)."""
    sessions = CourseSession.objects.select_related("registration_target").prefetch_related(
        Prefetch("meetings", queryset=ClassMeeting.objects.order_by("starts_at", "pk"))
    )
    return with_seat_counts(sessions) if seat_counts else sessions


def session_state(session, now=None):
    """What a session says about enrolling right now (engine.registration_state, with course words)."""
    if session.registration_target is None:
        return engine.registration_state(None, session, now=now)
    seats = getattr(session, "seats_taken", None)
    if seats is None:
        seats = engine.seats_taken(session.registration_target)
    state = engine.registration_state(session.registration_target, session, seats_taken=seats, now=now)
    if state.code == "ended":
        state.label = str(_("已结课"))
    return state


def course_sessions(course, now=None):
    """A course's sessions in the order they start, each with `state`; uses the prefetched ones if any."""
    cache = getattr(course, "_prefetched_objects_cache", {})
    sessions = list(cache["sessions"] if "sessions" in cache else sessions_queryset().filter(course=course))
    uncounted = [session for session in sessions if not hasattr(session, "seats_taken")]
    if uncounted:  # courses_for_cards read without attach_course_seat_counts: one query for this course
        attach_seat_counts(uncounted)
    now = now or timezone.now()
    for session in sessions:
        session.course = course  # the page in hand: its panel reads the course's rules without a query
        session.state = session_state(session, now)
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    return sorted(sessions, key=lambda s: (s.starts_at or far, s.pk))


def courses_for_cards(queryset, now):
    """Courses ordered by their next class (those without one last, in the editors' order), with what a
    course card shows loaded in a fixed number of queries: tracks, sessions, meetings; the sessions' seat
    counts come in one more query once the courses are read (attach_course_seat_counts)."""
    next_start = (
        ClassMeeting.objects.filter(session__course=OuterRef("pk"), ends_at__gt=now)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    return (
        queryset.annotate(next_start=Subquery(next_start))
        .order_by(F("next_start").asc(nulls_last=True), "path")
        .select_related("cover_image")
        .prefetch_related(
            "tracks",
            "cover_image__renditions",
            Prefetch("sessions", queryset=sessions_queryset(seat_counts=False)),
        )
    )


def attach_course_seat_counts(courses):
    """Seat counts for the sessions courses_for_cards prefetched for `courses`, in one query; returns the
    courses as a list."""
    courses = list(courses)
    attach_seat_counts(
        [
            s
            for course in courses
            for s in getattr(course, "_prefetched_objects_cache", {}).get("sessions", ())
        ]
    )
    return courses
