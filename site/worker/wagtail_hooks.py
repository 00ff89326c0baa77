"""The mail outbox in the Wagtail admin: a list under 设置, a dashboard panel while mail needs attention."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import admin_views, mail

admin_urlpatterns = [
    path("", admin_views.mail_list, name="mails"),
    path("retry/", admin_views.mail_retry, name="retry"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("mail/", include((admin_urlpatterns, "worker_admin"), namespace="worker_admin"))]


class MailMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("worker.view_outgoingmail")


@hooks.register("register_settings_menu_item")
def register_menu_item():
    return MailMenuItem(_("邮件发送"), reverse("worker_admin:mails"), icon_name="mail", order=900)


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="worker", codename__in=["view_outgoingmail", "change_outgoingmail"]
    )


class MailProblemsPanel(Component):
    """Dashboard: mails that failed for good or wait for another try."""

    name = "mail_problems"
    template_name = "worker/admin/dashboard_panel.html"
    order = 20  # above the other panels: a lost mail is news

    def __init__(self, failed, waiting):
        self.failed = failed
        self.waiting = waiting

    def get_context_data(self, parent_context):
        return {"failed": self.failed, "waiting": self.waiting}


@hooks.register("construct_homepage_panels")
def add_mail_panel(request, panels):
    if request.user.has_perm("worker.view_outgoingmail"):
        failed, waiting = mail.needs_attention()
        if failed or waiting:
            panels.append(MailProblemsPanel(failed, waiting))
