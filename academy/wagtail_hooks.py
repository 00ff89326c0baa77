"""Admin: 创孵学堂 menu — sessions (开班) with their class meetings, and the tracks list. Public: the 创孵学堂
brand page's sections (the brand app's `brand_page_sections` hook), so the brand page is the academy's
front door without brand importing academy."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.brands import Brand

from .models import CourseIndexPage, CoursePage, CourseSession, MentorIndexPage, MentorPage, Track
from .models.catalog import courses_for_cards, open_sessions, session_state, sessions_queryset


class CourseSessionViewSet(SnippetViewSet):
    model = CourseSession
    icon = "date"
    menu_label = _("开班")
    list_display = ["__str__", "capacity", "enrollment_opens_at", "enrollment_closes_at"]
    list_filter = ["course"]
    ordering = ["-created_at"]


class TrackViewSet(SnippetViewSet):
    model = Track
    icon = "tag"
    menu_label = _("学堂方向")
    list_display = ["name", "slug", "sort_order"]


class AcademyGroup(SnippetViewSetGroup):
    items = (CourseSessionViewSet, TrackViewSet)
    menu_icon = "group"
    menu_label = _("创孵学堂")
    menu_name = "academy"
    menu_order = 260


register_snippet(AcademyGroup)


# The 创孵学堂 brand page -----------------------------------------------------------------------------------

STYLESHEETS = ["theme/css/brand.css", "theme/css/academy.css"]


def _upcoming_training(count):
    """The events app's next 培训, asked through its `upcoming_events` hook (academy never imports events)."""
    for fn in hooks.get_hooks("upcoming_events"):
        return fn("training", count)
    return {"items": [], "more_url": None}


@hooks.register("brand_page_sections")
def academy_front_door(brand_page, request):
    if brand_page.brand != Brand.XUETANG:
        return []
    now = timezone.now()
    courses = CoursePage.objects.live().public()
    course_index = CourseIndexPage.objects.live().public().descendant_of(brand_page).first()
    mentor_index = MentorIndexPage.objects.live().public().descendant_of(brand_page).first()
    tracks = Track.objects.order_by("sort_order", "name").annotate(
        course_count=Count("courses", filter=Q(courses__in=courses.values("pk")), distinct=True)
    )
    sessions = list(
        sessions_queryset()
        .filter(pk__in=open_sessions(now).values("pk"), course__in=courses.values("pk"))
        .select_related("course")
        .order_by("registration_target__starts_at", "pk")[:6]
    )
    for session in sessions:
        session.state = session_state(session, now)
    featured = list(courses_for_cards(courses.filter(featured=True), now)[:3])
    leaders = list(
        MentorPage.objects.live()
        .public()
        .filter(is_leader=True)
        .order_by("path")
        .select_related("photo")
        .prefetch_related("tracks", "photo__renditions")[:4]
    )
    shared = {"course_index": course_index, "mentor_index": mentor_index}
    sections = [
        ("academy/front_door/tracks.html", 10, {"tracks": list(tracks)}),
        ("academy/front_door/sessions.html", 20, {"sessions": sessions}),
        ("academy/front_door/featured.html", 30, {"courses": featured}),
        ("academy/front_door/mentors.html", 40, {"mentors": leaders}),
        ("academy/front_door/training.html", 50, {"events": _upcoming_training(3)}),
    ]
    return [
        {"template": template, "order": order, "context": {**shared, **context}, "stylesheets": STYLESHEETS}
        for template, order, context in sections
    ]
