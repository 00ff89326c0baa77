"""浦东孵化学堂 in site search: courses and mentors (public pages and public fields only)."""

from django.utils.html import strip_tags

from search.registry import Searchable, SearchDocument, register
from search.utils import searchable_text

from .models import CoursePage, MentorPage


def _joined(*parts):
    return "\n".join(part for part in parts if part)


def _syllabus_text(course):
    parts = []
    for block in course.syllabus:
        parts.extend([block.value["title"], block.value.get("description") or ""])
    return _joined(*parts)


def course_document(course):
    tracks = [track.name for track in course.tracks.all()]
    return SearchDocument(
        title=course.title,
        url=course.get_url() or course.url_path,
        summary=course.summary,
        body=_joined(
            course.audience,
            *course.outcome_list(),
            _syllabus_text(course),
            searchable_text(course),
        ),
        date=course.last_published_at or course.first_published_at,
        category=tracks[0] if tracks else "",
        tags=tracks,
        # Only public mentors: a private mentor page's name stays out of the index too.
        keywords=[
            course.get_course_format_display(),
            *course.mentors.live().public().values_list("title", flat=True),
        ],
    )


def mentor_document(mentor):
    return SearchDocument(
        title=mentor.title,
        url=mentor.get_url() or mentor.url_path,
        summary=_joined(f"{mentor.organisation} {mentor.position}", mentor.summary),
        body=strip_tags(mentor.bio or ""),
        date=mentor.first_published_at,
        category="孵化领军人物" if mentor.is_leader else "",
        tags=[track.name for track in mentor.tracks.all()],
        keywords=[mentor.organisation, mentor.position],
    )


register(
    Searchable(
        key="course",
        label="学堂课程",
        model=CoursePage,
        queryset=lambda: CoursePage.objects.live().public().prefetch_related("tracks"),
        to_document=course_document,
    )
)
register(
    Searchable(
        key="mentor",
        label="学堂导师",
        model=MentorPage,
        queryset=lambda: MentorPage.objects.live().public().prefetch_related("tracks"),
        to_document=mentor_document,
    )
)
