"""Admin: the 一企一档 menu (overview and snapshots, libraries, follow-ups) and the home page's target row."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .libraries import LIBRARIES
from .models import QuarterSnapshot


class _NoAddPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class SnapshotViewSet(SnippetViewSet):
    """Editors annotate a frozen quarter; the figures themselves are not editable, and quarters are frozen by
    the command or the overview's button, never added by hand."""

    model = QuarterSnapshot
    icon = "history"
    add_to_admin_menu = False
    list_display = ["label", "taken_at", "source", "note"]
    ordering = ["-year", "-quarter"]
    copy_view_enabled = False
    inspect_view_enabled = False


register_permission_policy(QuarterSnapshot, _NoAddPolicy(QuarterSnapshot))
register_snippet(SnapshotViewSet)


class FileMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.VIEW)


@hooks.register("register_admin_menu_item")
def register_menu():
    items = [
        FileMenuItem(_("计划进度与季度快照"), reverse("insights_overview"), icon_name="history", order=10)
    ]
    for order, (slug, (title, _d, _q)) in enumerate(LIBRARIES.items(), start=2):
        items.append(
            FileMenuItem(
                title, reverse("insights_library", args=[slug]), icon_name="list-ul", order=order * 10
            )
        )
    items.append(
        FileMenuItem(_("本季度未跟踪"), reverse("insights_not_followed"), icon_name="warning", order=90)
    )
    return _FileSubmenu(_("一企一档"), Menu(items=items), icon_name="folder-open-inverse", order=260)


class _FileSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.VIEW)


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("insights/", admin_views.overview, name="insights_overview"),
        path("insights/freeze/", admin_views.freeze, name="insights_freeze"),
        path("insights/company/<int:company_id>/", admin_views.company_file, name="insights_company_file"),
        path(
            "insights/company/<int:company_id>/follow-up/",
            admin_views.add_follow_up,
            name="insights_follow_up",
        ),
        path("insights/company/<int:company_id>/tag/", admin_views.add_tag, name="insights_tag"),
        path("insights/not-followed/", admin_views.not_followed, name="insights_not_followed"),
        path("insights/library/<slug:slug>/", admin_views.library, name="insights_library"),
        path(
            "insights/library/<slug:slug>/export.<str:file_format>",
            admin_views.library_export,
            name="insights_library_export",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def company_file_button(snippet, user, next_url=None):
    """The company library's rows link to the 一企一档 file, for those who may see it."""
    if snippet._meta.label == "carriers.Company" and user.has_perm(admin_views.VIEW):
        yield ListingButton(_("一企一档"), reverse("insights_company_file", args=[snippet.pk]), priority=15)


@hooks.register("home_plan_targets")
def plan_targets():
    """The home page's target row: each target's live figure and share, and the 计划进度 page's link."""
    from .views import live_targets

    return live_targets()
