"""Demo step after the catalogue: trainee accounts, enrollments (some sessions full with a waitlist),
attendance and the certificates it earns. Data in demo_data/enrollment.yaml.

As for events, rows are written directly (no mails are sent, and ticket and certificate codes come from
the seeded generator, so a seed always gives the same site), following the rules the site enforces: the
academy's prerequisites and one enrollment per course, capacity and arrival order for the waitlist, and
the completion rule for certificates. Enrollments are generated once per session, when it has none, so a
second run changes nothing."""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.demo import load_demo_data
from registrations.models import Registration, RegistrationStatus

from . import completion, enrollment
from .enrollment import set_person_name
from .models import Attendance, Certificate, ClassMeeting, CourseSession
from .models.records import CODE_ALPHABET

S = RegistrationStatus

APP_DIR = Path(__file__).parent
# The keys the loader reads from each data file (see core.demo.missing_demo_keys).
REQUIRED_KEYS = {
    "enrollment.yaml": {
        ".": {
            "password",
            "trainees",
            "surnames",
            "given_names",
            "organisations",
            "past_sessions",
            "full_sessions",
            "waitlist",
        },
        "trainees[]": {"username", "name", "organisation", "mobile"},
        "past_sessions": {"courses", "name", "meetings", "ended_days_ago", "capacity", "venue"},
    }
}


def load(name):
    return load_demo_data(APP_DIR, name, required=REQUIRED_KEYS[name])


def _set_if_field(user, field, value):
    if field in {f.name for f in user._meta.get_fields()}:
        setattr(user, field, value)


def trainees(ctx, data):
    User = get_user_model()
    people = []
    has_username = "username" in {f.name for f in User._meta.get_fields()}
    for entry in data["trainees"]:
        email = f"{entry['username']}@example.cn"
        key = {"username": entry["username"]} if has_username else {"email": email}
        user = User.objects.filter(**key).first()
        if user is None:
            user = User(email=email, **key)
            set_person_name(user, entry["name"])
            _set_if_field(user, "mobile", entry["mobile"])
            _set_if_field(user, "organisation", entry["organisation"])
            _set_if_field(
                user, "email_verified_at", timezone.now()
            )  # demo trainees need no verification mail
            user.set_password(data["password"])
            user.save()
            ctx.count("created")
        else:
            ctx.count("unchanged")
        user.demo_mobile, user.demo_organisation = entry["mobile"], entry["organisation"]
        people.append(user)
    return people


def _past_sessions(ctx, plan):
    """A finished session for the first courses that have none (dates fixed on creation)."""
    now = timezone.now()
    created = 0
    # Courses the catalogue gave two sessions: with this one they still have at most three.
    counts = {}
    for session in (
        CourseSession.objects.select_related("course").exclude(name=plan["name"]).order_by("course_id", "pk")
    ):
        counts.setdefault(session.course, 0)
        counts[session.course] += 1
    courses = [course for course, n in counts.items() if n < 3]
    for course in courses[: plan["courses"]]:
        if CourseSession.objects.filter(course=course, name=plan["name"]).exists():
            ctx.count("unchanged")
            continue
        last_day = timezone.localdate(now) - datetime.timedelta(days=plan["ended_days_ago"])
        session = CourseSession(course=course, name=plan["name"], capacity=plan["capacity"])
        session.meetings = [
            ClassMeeting(
                topic=f"第{n + 1}讲",
                starts_at=timezone.make_aware(
                    datetime.datetime.combine(
                        last_day - datetime.timedelta(weeks=plan["meetings"] - 1 - n), datetime.time(14)
                    )
                ),
                ends_at=timezone.make_aware(
                    datetime.datetime.combine(
                        last_day - datetime.timedelta(weeks=plan["meetings"] - 1 - n), datetime.time(17)
                    )
                ),
                venue=plan["venue"],
            )
            for n in range(plan["meetings"])
        ]
        session.save()
        created += 1
        ctx.count("created")
    return created


def _in_alphabet(number):
    base = len(CODE_ALPHABET)
    return CODE_ALPHABET[number // base % base] + CODE_ALPHABET[number % base]


class _Plan:
    """Registrations of one session, built in arrival order."""

    def __init__(self, session, number, data, rng, start):
        self.session, self.number, self.data, self.rng = session, number, data, rng
        self.rows = []
        self.when = start

    def add(self, status, user=None, mobile=""):
        n = len(self.rows) + 1
        self.when += datetime.timedelta(minutes=self.rng.randint(5, 300))
        if user is not None:
            name, email, organisation = (
                user.get_full_name(),
                user.email,
                getattr(user, "demo_organisation", ""),
            )
        else:
            name = self.rng.choice(self.data["surnames"]) + self.rng.choice(self.data["given_names"])
            mobile = f"1370{self.number:03d}{n:04d}"
            email = f"demo-xuetang{self.number:03d}{n:03d}@example.cn"
            organisation = self.rng.choice(self.data["organisations"])
        # Unique by construction (session and row number in the ticket alphabet), then three drawn letters.
        code = (
            "K" + _in_alphabet(self.number) + _in_alphabet(n) + "".join(self.rng.choices(CODE_ALPHABET, k=3))
        )
        self.rows.append(
            Registration(
                target=self.session.registration_target,
                status=status,
                user=user,
                name=name,
                mobile=mobile,
                email=email,
                organisation=organisation,
                created_at=self.when,
                status_changed_at=self.when,
                ticket_code=code,
                added_by_staff=user is None,
                attended_at=self.session.registration_target.starts_at if status == S.ATTENDED else None,
            )
        )

    def save(self):
        return Registration.objects.bulk_create(self.rows)


def _eligible(user, session, taken):
    """Whether the site would let this trainee enroll (prerequisites, one session per course)."""
    return (
        (user.pk, session.course_id) not in taken
        and not enrollment.missing_prerequisites(session.course, user)
        and enrollment.active_enrollment_in_course(user, session.course) is None
        and not enrollment.certified_course_ids(user, [session.course_id])
    )


def enrollments(ctx):
    data = load("enrollment.yaml")
    people = trainees(ctx, data)
    _past_sessions(ctx, data["past_sessions"])
    now = timezone.now()
    sessions = list(
        CourseSession.objects.select_related("course", "registration_target")
        .prefetch_related("meetings")
        .order_by("pk")
    )
    if not sessions:
        ctx.log("学堂报名：还没有开班，跳过")
        return
    # Finished sessions first: their certificates unlock the courses that require them.
    sessions.sort(
        key=lambda s: (
            not (
                s.registration_target
                and s.registration_target.ends_at
                and s.registration_target.ends_at <= now
            ),
            s.pk,
        )
    )
    full_left = data["full_sessions"]
    finished = 0
    taken = set()
    for number, session in enumerate(sessions, start=1):
        target = session.registration_target
        meetings = list(session.meetings.all())
        if target is None or not meetings or Registration.objects.filter(target=target).exists():
            ctx.count("unchanged")
            continue
        rng = ctx.rng(f"academy-enrollment-{session.course.slug}-{session.name}")
        if target.ends_at and target.ends_at <= now:
            # Each finished session has its own three named trainees, so each of them completes one course
            # and still has courses to enroll in now.
            named = [people[(finished * 3 + i) % len(people)] for i in range(3)]
            finished += 1
            _finished(session, meetings, named, data, rng, number, taken)
        elif target.window_state(now) == "open":
            full = full_left > 0 and session.waitlist_enabled and 0 < session.capacity <= 40
            full_left -= int(full)
            _open(session, people, data, rng, number, taken, full)
        else:
            continue
        ctx.count("created")
    ctx.log(
        f"学堂学员 {len(people)} 人，课程报名 {Registration.objects.filter(target__kind='course_session').count()} 份，"
        f"结业证书 {Certificate.objects.count()} 张（学员登录 {people[0].email}，密码 {data['password']}）✓"
    )


def _open(session, people, data, rng, number, taken, full):
    target = session.registration_target
    opened = target.opens_at or timezone.now() - datetime.timedelta(days=10)
    plan = _Plan(session, number, data, rng, opened)
    capacity = session.capacity or 30
    seats = capacity if full else rng.randint(capacity // 4, capacity * 3 // 5)
    # The first trainee (the account to sign in as) enrolls wherever she may, so 我的创孵 shows a mix.
    others = [u for u in rng.sample(people[1:], k=len(people) - 1) if _eligible(u, session, taken)]
    named = ([people[0]] if _eligible(people[0], session, taken) else []) + others
    named = named[:3]
    # Named trainees enroll early (they show 我的创孵); one of a full session's arrives late and waits.
    late = named.pop() if full and named else None
    seat_status = S.PENDING if session.course.requires_approval else S.CONFIRMED
    for user in named:
        plan.add(seat_status, user, user.demo_mobile)
        taken.add((user.pk, session.course_id))
    while len(plan.rows) < seats:
        plan.add(seat_status if rng.random() < 0.5 else S.CONFIRMED)
    if full:
        for position in range(data["waitlist"]):
            if position == 1 and late is not None:
                plan.add(S.WAITLISTED, late, late.demo_mobile)
                taken.add((late.pk, session.course_id))
            else:
                plan.add(S.WAITLISTED)
    plan.save()


def _finished(session, meetings, named, data, rng, number, taken):
    """A session that has ended: trainees attended most meetings; those who met the completion rule hold
    a certificate issued the day after the last meeting."""
    start = meetings[0].starts_at - datetime.timedelta(days=30)
    plan = _Plan(session, number, data, rng, start)
    for user in [u for u in named if _eligible(u, session, taken)]:
        plan.add(S.ATTENDED, user, user.demo_mobile)
        taken.add((user.pk, session.course_id))
    for _n in range(rng.randint(6, 10)):
        plan.add(S.ATTENDED)
    registrations = plan.save()
    needed = completion.meetings_needed(session.course, len(meetings))
    attendance, certificates = [], []
    issued_at = meetings[-1].ends_at + datetime.timedelta(days=1)
    for index, registration in enumerate(registrations):
        # The first named trainee always completes; the others attend between half and all meetings.
        count = len(meetings) if index == 0 else rng.randint(len(meetings) // 2, len(meetings))
        attended = set(rng.sample(range(len(meetings)), k=count))
        for position, meeting in enumerate(meetings):
            attendance.append(
                Attendance(
                    registration=registration,
                    meeting=meeting,
                    present=position in attended,
                    marked_at=meeting.ends_at,
                )
            )
        if count == 0:
            registration.status = S.NO_SHOW
            registration.save(update_fields=["status"])
        if count >= needed:
            certificates.append(
                Certificate(
                    code="PDX-" + "".join(rng.choice(CODE_ALPHABET) for _ in range(10)),
                    registration=registration,
                    user=registration.user,
                    holder_name=registration.name,
                    session=session,
                    course_title=session.course.title,
                    session_name=session.name,
                    hours=session.course.hours,
                    issued_at=issued_at,
                )
            )
    Attendance.objects.bulk_create(attendance)
    Certificate.objects.bulk_create(certificates)
