import datetime
from decimal import Decimal

from django.utils import timezone

import factory
import wagtail_factories

from academy.models import (
    ClassMeeting,
    CourseFormat,
    CourseIndexPage,
    CoursePage,
    CourseSession,
    MentorIndexPage,
    MentorPage,
    Track,
)


def at(days, hour=9):
    """Local `hour` o'clock, `days` from today."""
    base = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    return base + datetime.timedelta(days=days)


def _tracks(slugs):
    return Track.objects.filter(slug__in=slugs)


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    """The course catalogue; it belongs under the xuetang BrandPage (pass parent=)."""

    title = "学堂课程"
    slug = factory.Sequence(lambda n: f"kecheng-{n}")
    intro = "面向孵化从业人员的专业课程。"

    class Meta:
        model = CourseIndexPage


class MentorIndexPageFactory(wagtail_factories.PageFactory):
    """The mentor directory; it belongs under the xuetang BrandPage (pass parent=)."""

    title = "导师库"
    slug = factory.Sequence(lambda n: f"daoshi-{n}")
    intro = "为学堂授课的导师。"

    class Meta:
        model = MentorIndexPage


class MentorPageFactory(wagtail_factories.PageFactory):
    """A mentor under a MentorIndexPage (pass parent=); tracks=["ip"] and is_leader=True shape it."""

    title = factory.Sequence(lambda n: f"测试导师{n}")
    slug = factory.Sequence(lambda n: f"mentor-{n}")
    position = "总经理"
    organisation = "张江国家级科技企业孵化器"
    summary = "从业十年的孵化器运营者。"
    bio = "<p>长期负责孵化器运营。</p>"

    class Meta:
        model = MentorPage
        skip_postgeneration_save = True

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        self.tracks.set(_tracks(extracted or ["operations"]))
        self.save()


class CoursePageFactory(wagtail_factories.PageFactory):
    """A course under a CourseIndexPage (pass parent=). tracks=["ip", "transfer"], mentors=[…],
    prerequisites=[…] shape it; it has no sessions (CourseSessionFactory(course=…) adds them)."""

    title = factory.Sequence(lambda n: f"测试课程{n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    summary = "系统梳理科技成果转化的流程与政策。"
    audience = "孵化载体从业人员"
    outcomes = "掌握成果转化的主要方式\n会评估一项成果的价值"
    syllabus = factory.LazyFunction(
        lambda: [
            ("module", {"title": "政策与路径", "hours": Decimal("3"), "description": "政策要点。"}),
            ("module", {"title": "价值评估", "hours": Decimal("3"), "description": ""}),
        ]
    )
    course_format = CourseFormat.OFFLINE
    hours = Decimal("6")
    credits = Decimal("0.5")

    class Meta:
        model = CoursePage
        skip_postgeneration_save = True

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        self.tracks.set(_tracks(extracted or ["transfer"]))
        self.save()

    @factory.post_generation
    def mentors(self, create, extracted, **kwargs):
        if extracted:
            self.mentors.set(extracted)
            self.save()

    @factory.post_generation
    def prerequisites(self, create, extracted, **kwargs):
        if extracted:
            self.prerequisites.set(extracted)
            self.save()


class CourseSessionFactory(factory.django.DjangoModelFactory):
    """A session of `course` (pass course=) with class meetings: by default two weekly mornings from
    `starts_in` days ahead at a Pudong venue, enrollment open from yesterday until the day before.
    meetings=[{"starts_at", "ends_at", "venue", "online_url"}, …] gives them exactly."""

    name = factory.Sequence(lambda n: f"第{n}期")
    capacity = 30
    enrollment_opens_at = factory.LazyFunction(lambda: at(-1))
    enrollment_closes_at = factory.LazyAttribute(lambda o: at(o.starts_in - 1, 18))

    class Params:
        starts_in = 14

    class Meta:
        model = CourseSession
        skip_postgeneration_save = True

    @factory.post_generation
    def meetings(self, create, extracted, **kwargs):
        if extracted is None:
            start = self.enrollment_closes_at or at(14)
            first = start.replace(hour=9) + datetime.timedelta(days=1)
            extracted = [
                {
                    "starts_at": first + datetime.timedelta(days=7 * n),
                    "ends_at": first + datetime.timedelta(days=7 * n, hours=3),
                    "venue": "张江科学会堂 3楼培训室",
                }
                for n in range(2)
            ]
        for n, meeting in enumerate(extracted):
            ClassMeeting.objects.create(session=self, sort_order=n, **meeting)
        # The engine's target takes its dates from the meetings, which exist only now.
        self.sync_registration_target()
