"""The requester's mails: received, every status change, every public reply. Built when sent from the request
as it is then (the outbox's builder), from public history only: internal notes never reach a mail."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from registrations.links import absolute

from .links import request_path
from .models.requests import RequestMessage, RequestStatus, ServiceRequest

S = RequestStatus
SUBJECTS = {
    "received": _("已收到您的需求：%(topic)s"),
    "status": _("需求进度更新（%(status)s）：%(topic)s"),
    "reply": _("您的需求有新答复：%(topic)s"),
}
STATUS_TEXT = {
    S.NEW: _("我们已收到您的需求，将在 %(due)s 前答复。"),
    S.ASSIGNED: _("您的需求已分派给服务专员，将在 %(due)s 前答复。"),
    S.IN_PROGRESS: _("您的需求正在处理中。"),
    S.REPLIED: _("您的需求已有答复，请点击下方链接查看。"),
    S.CLOSED: _("您的需求已办结。欢迎点击下方链接为本次服务评分。"),
    S.WITHDRAWN: _("您已撤回此需求。如非本人操作，请联系我们。"),
}


def build_mail(request, kind, status=None, quote_id=None):
    status = RequestStatus(status or request.status)  # the change this mail announces, not a later one
    due = timezone.localtime(request.due_at).strftime("%Y年%m月%d日 %H:%M")
    # Only the public message this change wrote is quoted: an internal note can never reach a mail.
    quoted = request.messages.filter(RequestMessage.PUBLIC, pk=quote_id).exclude(body="")
    latest = quoted.first() if quote_id else None
    context = {
        "request_obj": request,
        "paragraph": STATUS_TEXT[status] % {"due": due},
        "status_label": status.label,
        "latest": latest,
        "url": absolute(request_path(request)),
        "site_name": getattr(settings, "SITE_TITLE", "创孵"),
    }
    subject = SUBJECTS[kind] % {"topic": request.topic, "status": status.label}
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string("brand/mail/request.txt", context), to=[request.email]
    )
    message.attach_alternative(render_to_string("brand/mail/request.html", context), "text/html")
    return message


def request_message(request_id, kind, status=None, quote_id=None):
    """The outbox's builder (None: nothing to send)."""
    request = ServiceRequest.objects.filter(pk=request_id).first()
    if request is None or not request.email:
        return None
    return build_mail(request, kind, status, quote_id)
