"""Course, session and trainee data for the enrollment tests (the catalogue's factories live elsewhere)."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from academy.enrollment import set_person_name
from academy.models import ClassMeeting, CourseIndexPage, CoursePage, CourseSession, Track


def in_days(days, hour=14):
    base = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    return base + datetime.timedelta(days=days)


def course_index(parent, slug="courses"):
    index = CourseIndexPage(title="课程", slug=slug)
    parent.add_child(instance=index)
    index.save_revision().publish()
    return index


def course(index, title="概念验证实务", slug=None, prerequisites=(), **fields):
    fields.setdefault("summary", "从实验室成果到可验证样机。")
    fields.setdefault("audience", "孵化载体运营人员")
    fields.setdefault("hours", Decimal("12"))
    page = CoursePage(title=title, slug=slug or f"course-{CoursePage.objects.count() + 1}", **fields)
    page.tracks.set(list(Track.objects.all()[:1]))
    page.prerequisites.set(list(prerequisites))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def session(course_page, name="2026年春季班", meetings=4, first_day=10, capacity=20, **fields):
    """A session whose class meetings start `first_day` days from now, one a week."""
    item = CourseSession(course=course_page, name=name, capacity=capacity, **fields)
    item.meetings = [
        ClassMeeting(
            topic=f"第{n + 1}讲",
            starts_at=in_days(first_day + 7 * n),
            ends_at=in_days(first_day + 7 * n) + datetime.timedelta(hours=3),
            venue="张江科学会堂 3 楼",
        )
        for n in range(meetings)
    ]
    item.save()
    item.refresh_from_db()
    return item


def trainee(n, name=None, **fields):
    User = get_user_model()
    if "username" in {f.name for f in User._meta.get_fields()}:
        fields.setdefault("username", f"trainee{n}")
    user = User(email=f"trainee{n}@example.cn", **fields)
    set_person_name(user, name or f"学员{n}")
    user.set_password("secret-pass-123")
    user.save()
    return user


def mobile(n):
    return f"139{n:08d}"
