"""Demo content: 浦东孵化学堂's course catalogue and mentor directory under the 创孵学堂 brand page, 8 mentors
and 11 courses across the seven tracks, each with 2-3 sessions (past, open, not yet open, closed) and their
class meetings in Pudong or online.

The content is in demo_data/ (academy.yaml, mentors.yaml, courses.yaml); this module only loads it. Session
dates are set relative to the day a session is first created and then left alone (as events/demo.py does),
so the demo always has past and upcoming sessions and a second run changes nothing. Enrollments, attendance
and certificates are not made here.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from core.brands import Brand
from core.demo import ensure_page, load_demo_data

from .models import (
    ClassMeeting,
    CourseIndexPage,
    CoursePage,
    CourseSession,
    MentorIndexPage,
    MentorPage,
    Track,
)

APP_DIR = Path(__file__).parent
# The keys the loader reads from each data file (see core.demo.missing_demo_keys).
REQUIRED_KEYS = {
    "academy.yaml": {
        ".": {"venues", "online_url"},
        "course_index": {"slug", "title", "intro"},
        "mentor_index": {"slug", "title", "intro"},
    },
    "mentors.yaml": {
        "mentors[]": {"slug", "name", "position", "organisation", "tracks", "leader", "summary", "bio"}
    },
    "courses.yaml": {
        "courses[]": {
            "slug",
            "title",
            "tracks",
            "format",
            "credits",
            "fee",
            "featured",
            "approval",
            "mentors",
            "prerequisites",
            "summary",
            "audience",
            "outcomes",
            "modules",
            "body",
            "sessions",
        },
    },
}
SESSION_KEYS = {
    "name",
    "days_from_creation",
    "every_days",
    "start_hour",
    "venue",
    "capacity",
    "waitlist",
    "enrollment",
}
ENROLLMENT_MODES = {"open", "not_open", "closed", "past"}


def load(name):
    return load_demo_data(APP_DIR, name, required=REQUIRED_KEYS[name])


def _paragraphs(texts):
    return [("paragraph", "".join(f"<p>{text}</p>" for text in texts))]


def _local(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _meetings(session, modules, venues, online_url, today):
    """One class meeting per syllabus module, from the session's first day."""
    first_day = today + datetime.timedelta(days=session["days_from_creation"])
    online = set(session.get("online_meetings", []))
    meetings, previous_end = [], None
    for number, module in enumerate(modules, start=1):
        hours = Decimal(str(module["hours"]))
        length = datetime.timedelta(hours=float(hours) + (1 if hours > 4 else 0))  # a lunch break
        if session["every_days"] or previous_end is None:
            day = first_day + datetime.timedelta(days=(number - 1) * session["every_days"])
            starts_at = _local(day, session["start_hour"])
        else:  # several meetings on one day: the next one after an hour's break
            starts_at = previous_end + datetime.timedelta(hours=1)
        previous_end = starts_at + length
        if session["venue"] == "online" or number in online:
            where = {"venue": "", "online_url": online_url}
        else:
            where = {"venue": venues[session["venue"]], "online_url": ""}
        meetings.append(
            ClassMeeting(
                topic=module["title"], starts_at=starts_at, ends_at=previous_end, sort_order=number, **where
            )
        )
    return meetings


def _window(mode, first_start, today):
    day_before = _local(first_start.date() - datetime.timedelta(days=1), 18)
    if mode == "open":
        return _local(today - datetime.timedelta(days=7), 9), day_before
    if mode == "not_open":
        return _local(first_start.date() - datetime.timedelta(days=14), 9), day_before
    if mode == "closed":
        return first_start - datetime.timedelta(days=30), _local(today - datetime.timedelta(days=1), 18)
    return first_start - datetime.timedelta(days=30), day_before  # past


def ensure_session(ctx, course, entry, modules, venues, online_url, today):
    """Create the session `entry["name"]` of `course` with its meetings, or update its settings only
    where they differ; dates and meetings are never moved once created."""
    missing = sorted(SESSION_KEYS - set(entry))
    if missing:
        raise ValueError(
            f"courses.yaml: {course.slug} session {entry.get('name')!r} lacks {', '.join(missing)}"
        )
    if entry["enrollment"] not in ENROLLMENT_MODES:
        raise ValueError(f"courses.yaml: {course.slug}: unknown enrollment {entry['enrollment']!r}")
    settings = {
        "capacity": entry["capacity"],
        "waitlist_enabled": entry["waitlist"],
        "note": entry.get("note", ""),
    }
    session = CourseSession.objects.filter(course=course, name=entry["name"]).first()
    if session is None:
        meetings = _meetings(entry, modules, venues, online_url, today)
        opens_at, closes_at = _window(entry["enrollment"], meetings[0].starts_at, today)
        session = CourseSession(
            course=course,
            name=entry["name"],
            enrollment_opens_at=opens_at,
            enrollment_closes_at=closes_at,
            **settings,
        )
        session.meetings = meetings
        session.full_clean()
        session.save()
        ctx.count("created")
        return session
    changed = {key: value for key, value in settings.items() if getattr(session, key) != value}
    if not changed:
        ctx.count("unchanged")
        return session
    for key, value in changed.items():
        setattr(session, key, value)
    session.save()  # copies the new settings into its registration target
    ctx.count("updated")
    return session


def academy(ctx):
    """The catalogue under the 创孵学堂 brand page (brand_pages must have run)."""
    data = load("academy.yaml")
    xuetang = ctx.objects[f"brand:{Brand.XUETANG.value}"]
    tracks = {track.slug: track for track in Track.objects.all()}

    mentor_index = ensure_page(
        ctx,
        xuetang,
        MentorIndexPage,
        data["mentor_index"]["slug"],
        title=data["mentor_index"]["title"],
        intro=data["mentor_index"]["intro"],
    )
    course_index = ensure_page(
        ctx,
        xuetang,
        CourseIndexPage,
        data["course_index"]["slug"],
        title=data["course_index"]["title"],
        intro=data["course_index"]["intro"],
    )
    ctx.objects.update(course_index=course_index, mentor_index=mentor_index)

    mentors = {}
    for mentor in load("mentors.yaml")["mentors"]:
        mentors[mentor["slug"]] = ensure_page(
            ctx,
            mentor_index,
            MentorPage,
            mentor["slug"],
            title=mentor["name"],
            position=mentor["position"],
            organisation=mentor["organisation"],
            is_leader=mentor["leader"],
            summary=mentor["summary"],
            bio="".join(f"<p>{text}</p>" for text in mentor["bio"]),
            relations={"tracks": [tracks[slug] for slug in mentor["tracks"]]},
        )

    today = timezone.localdate()
    courses, sessions = {}, 0
    for course in load("courses.yaml")["courses"]:
        modules = course["modules"]
        page = ensure_page(
            ctx,
            course_index,
            CoursePage,
            course["slug"],
            title=course["title"],
            summary=course["summary"],
            audience=course["audience"],
            outcomes="\n".join(course["outcomes"]),
            syllabus=[("module", module) for module in modules],
            course_format=course["format"],
            hours=sum(Decimal(str(module["hours"])) for module in modules),
            credits=Decimal(str(course["credits"])),
            fee=Decimal(str(course["fee"])) if course["fee"] else None,
            featured=course["featured"],
            requires_approval=course["approval"],
            body=_paragraphs(course["body"]),
            relations={
                "tracks": [tracks[slug] for slug in course["tracks"]],
                "mentors": [mentors[slug] for slug in course["mentors"]],
                "prerequisites": [courses[slug] for slug in course["prerequisites"]],
            },
        )
        courses[course["slug"]] = page
        for entry in course["sessions"]:
            ensure_session(ctx, page, entry, modules, data["venues"], data["online_url"], today)
            sessions += 1
    ctx.log(f"学堂导师 {len(mentors)} 位、课程 {len(courses)} 门、开班 {sessions} 期 ✓")
