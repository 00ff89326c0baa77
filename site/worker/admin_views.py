"""Staff view of the mail outbox in the Wagtail admin: what failed or waits for a retry, and a retry button."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import mail
from .models import MailStatus, OutgoingMail

ATTENTION = "attention"  # the default view: failed, and pending after a failed try


def _require(request, codename):
    if not request.user.has_perm(f"worker.{codename}"):
        raise PermissionDenied


def _filtered(status):
    mails = OutgoingMail.objects.all()
    if status == ATTENTION:
        return mails.filter(status=MailStatus.FAILED) | mails.filter(
            status=MailStatus.PENDING, attempts__gt=0
        )
    if status in MailStatus.values:
        return mails.filter(status=status)
    return mails


def mail_list(request):
    _require(request, "view_outgoingmail")
    status = request.GET.get("status", ATTENTION)
    if status not in MailStatus.values and status not in (ATTENTION, "all"):
        status = ATTENTION
    counts = dict(
        OutgoingMail.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    failed, waiting = mail.needs_attention()
    statuses = [(ATTENTION, _("需要处理"), failed + waiting)]
    statuses += [(value, label, counts.get(value, 0)) for value, label in MailStatus.choices]
    statuses.append(("all", _("全部"), sum(counts.values())))
    page = Paginator(_filtered(status).order_by("-created_at", "-pk"), 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "worker/admin/mail_list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": statuses,
            "failed": failed,
            "can_retry": request.user.has_perm("worker.change_outgoingmail"),
            "max_attempts": mail.max_attempts(),
        },
    )


@require_POST
def mail_retry(request):
    _require(request, "change_outgoingmail")
    if request.POST.get("all") == "failed":
        mails = OutgoingMail.objects.filter(status=MailStatus.FAILED)
    else:
        ids = [value for value in request.POST.getlist("mail") if value.isdigit()]
        mails = OutgoingMail.objects.filter(pk__in=ids)
    count = mail.retry(mails)
    messages.success(request, _("已重新排队发送 %(n)s 封邮件。") % {"n": count})
    return redirect("worker_admin:mails")
