"""Admin: 创孵学堂 menu — sessions (开班) with their class meetings, certificates, and the tracks list;
the staff side of enrollment (attendance, check-in, certificates) and the dashboard panel. Public: the 创孵学堂
brand page's sections (the brand app's `brand_page_sections` hook), so the brand page is the academy's
front door without brand importing academy."""

from django.db.models import Count, Q
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.brands import Brand
from core.index_pages import first_public_page
from registrations.models import attach_seat_counts, with_seat_counts

from . import account_hooks, admin_views  # noqa: F401 - account_hooks registers the 我的创孵 hooks
from .company_services import course_enrollments  # noqa: F401 - registers the `company_services` hook
from .completion import LOG_ACTIONS
from .dashboard import CourseStatsPanel
from .models import (
    Certificate,
    CourseIndexPage,
    CoursePage,
    CourseSession,
    MentorIndexPage,
    MentorPage,
    Track,
)
from .models.catalog import (
    attach_course_seat_counts,
    courses_for_cards,
    open_sessions,
    session_state,
    sessions_queryset,
)


class SeatsColumn(Column):
    def get_value(self, instance):
        taken = getattr(instance, "seats_taken", 0)
        waiting = getattr(instance, "waitlist_size", 0)
        capacity = instance.capacity or "不限"
        text = f"{taken} / {capacity}"
        return f"{text}（候补 {waiting}）" if waiting else text


class CourseSessionViewSet(SnippetViewSet):
    model = CourseSession
    icon = "date"
    menu_label = _("开班")
    list_display = [
        "__str__",
        SeatsColumn("seats", label=_("报名 / 名额")),
        "enrollment_opens_at",
        "enrollment_closes_at",
    ]
    list_filter = ["course"]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return with_seat_counts(CourseSession.objects.select_related("course"))


class CertificateViewSet(SnippetViewSet):
    """Certificates are issued from the attendance sheet (or automatically); here staff find, inspect,
    revoke and re-issue them."""

    model = Certificate
    icon = "doc-full"
    menu_label = _("结业证书")
    list_display = ["code", "holder_name", "course_title", "session_name", "issued_at", "revoked_at"]
    list_filter = ["session__course"]
    search_fields = ["code", "holder_name", "course_title"]
    ordering = ["-issued_at"]
    inspect_view_enabled = True
    # Revocation has its own view (a reason, logged); the form never touches it or the code.
    panels = [
        FieldPanel("holder_name"),
        FieldPanel("session"),
        FieldPanel("course_title"),
        FieldPanel("session_name"),
        FieldPanel("hours"),
    ]


class TrackViewSet(SnippetViewSet):
    model = Track
    icon = "tag"
    menu_label = _("学堂方向")
    list_display = ["name", "slug", "sort_order"]


class AcademyGroup(SnippetViewSetGroup):
    items = (CourseSessionViewSet, CertificateViewSet, TrackViewSet)
    menu_icon = "group"
    menu_label = _("创孵学堂")
    menu_name = "academy"
    menu_order = 260


register_snippet(AcademyGroup)


admin_urlpatterns = [
    path("sessions/<int:session_id>/attendance/", admin_views.attendance_sheet, name="attendance"),
    path("sessions/<int:session_id>/check-in/", admin_views.check_in, name="check_in"),
    path(
        "sessions/<int:session_id>/certificate/<int:registration_id>/",
        admin_views.issue_certificate,
        name="issue_certificate",
    ),
    path("certificates/<int:certificate_id>/revoke/", admin_views.revoke_certificate, name="revoke"),
    path("certificates/<int:certificate_id>/reissue/", admin_views.reissue_certificate, name="reissue"),
    path("certificates/<int:certificate_id>/pdf/", admin_views.certificate_download, name="certificate_pdf"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("academy/", include((admin_urlpatterns, "academy_admin"), namespace="academy_admin"))]


@hooks.register("register_snippet_listing_buttons")
def session_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, CourseSession):
        if snippet.registration_target_id and user.has_perm("registrations.view_registration"):
            url = reverse("registrations_admin:registrations", args=[snippet.registration_target_id])
            yield ListingButton(_("报名名单"), url, priority=10)
        if user.has_perm("academy.view_attendance"):
            yield ListingButton(
                _("出勤表"), reverse("academy_admin:attendance", args=[snippet.pk]), priority=11
            )
        if user.has_perm("academy.add_attendance"):
            yield ListingButton(_("签到"), reverse("academy_admin:check_in", args=[snippet.pk]), priority=12)
    elif isinstance(snippet, Certificate) and user.has_perm("academy.change_certificate"):
        label = _("撤销") if snippet.revoked_at is None else _("重新颁发")
        yield ListingButton(label, reverse("academy_admin:revoke", args=[snippet.pk]), priority=10)
        if user.has_perm("academy.view_certificate"):
            url = reverse("academy_admin:certificate_pdf", args=[snippet.pk])
            yield ListingButton(_("PDF"), url, priority=11)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("construct_homepage_panels")
def add_course_stats_panel(request, panels):
    if request.user.has_perm("academy.view_coursesession"):
        panels.append(CourseStatsPanel())


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
    course_index = first_public_page(CourseIndexPage, within=brand_page)
    mentor_index = first_public_page(MentorIndexPage, within=brand_page)
    tracks = Track.objects.order_by("sort_order", "name").annotate(
        course_count=Count("courses", filter=Q(courses__in=courses.values("pk")), distinct=True)
    )
    sessions = attach_seat_counts(
        sessions_queryset(seat_counts=False)
        .filter(pk__in=open_sessions(now).values("pk"), course__in=courses.values("pk"))
        .select_related("course")
        .order_by("registration_target__starts_at", "pk")[:6]
    )
    for session in sessions:
        session.state = session_state(session, now)
    featured = attach_course_seat_counts(courses_for_cards(courses.filter(featured=True), now)[:3])
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
