"""Admin: 创孵学堂 menu — sessions (开班) with their class meetings, and the tracks list."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CourseSession, Track


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
