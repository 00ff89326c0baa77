"""Admin → 设置 → 数据导出记录: the audit of exports of internal or personal data, read-only."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ExportRecord


class ExportRecordViewSet(SnippetViewSet):
    model = ExportRecord
    icon = "download"
    menu_label = _("数据导出记录")
    add_to_settings_menu = True
    list_display = ["what", "file_format", "row_count", "user", "created_at"]
    list_filter = ["file_format"]
    ordering = ["-created_at"]


register_snippet(ExportRecordViewSet)
