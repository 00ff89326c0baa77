"""Registration mails: one text + HTML template pair, with per-kind wording; the confirmation carries the
owner's .ics and the QR e-ticket. Queued in the mail outbox with the change that causes them (worker.mail:
sent after commit, retried with backoff, failures shown to staff)."""

import datetime
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from worker.mail import queue_mail

from .links import absolute, registration_path
from .models import Registration
from .owners import describe
from .tickets import ticket_qr_png

KINDS = {
    "received": (
        _("报名已收到，等待审核：%(title)s"),
        [_("您的报名已收到。本活动需主办方审核，审核结果将通过邮件通知您。")],
    ),
    "confirmed": (
        _("报名成功：%(title)s"),
        [
            _("您的报名已确认。请在活动当天出示电子票（票码或二维码）签到。"),
            _("日历文件（.ics）已附在本邮件中，可添加到手机日历。"),
        ],
    ),
    "waitlisted": (
        _("已进入候补：%(title)s"),
        [
            _(
                "活动名额已满，您已进入候补名单。如有名额空出，我们将按候补顺序邮件通知您，并保留名额一段时间供您确认。"
            )
        ],
    ),
    "offer": (
        _("候补递补通知，请尽快确认：%(title)s"),
        [_("有名额空出，已为您保留。请在 %(deadline)s 前点击下方链接确认参加，逾期名额将转给下一位候补者。")],
    ),
    "offer_expired": (
        _("递补名额已失效：%(title)s"),
        [_("您未在确认时限内确认递补名额，名额已转给下一位候补者。欢迎关注其他活动。")],
    ),
    "reminder": (
        _("明天见：%(title)s"),
        [_("提醒您，您报名的活动将于明天举行。请携带电子票准时签到。")],
    ),
    "cancelled": (
        _("报名已取消：%(title)s"),
        [_("您的报名已取消。如非本人操作，请联系主办方。")],
    ),
    "rejected": (
        _("报名未通过审核：%(title)s"),
        [_("很抱歉，您的报名未通过主办方审核。感谢您的关注，欢迎报名其他活动。")],
    ),
}
# Online events have no on-site check-in: these replace the ticket wording.
ONLINE_PARAGRAPHS = {
    "confirmed": [
        _("您的报名已确认。本活动在线上举行，请在活动开始前通过下方线上链接进入。"),
        _("日历文件（.ics）已附在本邮件中，可添加到手机日历。"),
    ],
    "reminder": [_("提醒您，您报名的线上活动将于明天举行。请届时通过下方线上链接参加。")],
}
ACTIONS = {
    "offer": ("claim", _("确认参加")),
    "received": ("", _("查看报名")),
    "confirmed": ("", _("查看电子票")),
    "waitlisted": ("", _("查看或取消报名")),
    "reminder": ("", _("查看电子票")),
}


def build_mail(registration, kind):
    info = describe(registration.target)
    subject_template, paragraph_templates = KINDS[kind]
    if info.online_only:
        paragraph_templates = ONLINE_PARAGRAPHS.get(kind, paragraph_templates)
    deadline = ""
    if registration.offer_expires_at:
        deadline = timezone.localtime(registration.offer_expires_at).strftime("%Y年%m月%d日 %H:%M")
    values = {"title": info.title, "deadline": deadline}
    action = None
    if kind in ACTIONS:
        path_action, label = ACTIONS[kind]
        action = {"label": label, "url": absolute(registration_path(registration, path_action))}
    show_ticket = kind in ("confirmed", "reminder") and not info.online_only
    show_online_link = bool(info.online_url) and kind in ("confirmed", "reminder")  # only people with a seat
    context = {
        "registration": registration,
        "info": info,
        "paragraphs": [p % values for p in paragraph_templates],
        "action": action,
        "show_ticket": show_ticket,
        "show_online_link": show_online_link,
        "site_name": getattr(settings, "SITE_TITLE", "创孵"),
        "starts_at": timezone.localtime(info.starts_at) if info.starts_at else None,
        "ends_at": timezone.localtime(info.ends_at) if info.ends_at else None,
    }
    message = EmailMultiAlternatives(
        subject=subject_template % values,
        body=render_to_string("registrations/mail/message.txt", context),
        to=[registration.email],
    )
    message.attach_alternative(render_to_string("registrations/mail/message.html", context), "text/html")
    if show_ticket:
        message.mixed_subtype = "mixed"
        qr = MIMEImage(ticket_qr_png(registration.ticket_code), "png")
        qr.add_header("Content-ID", "<ticket-qr>")
        qr.add_header("Content-Disposition", "inline", filename=f"ticket-{registration.ticket_code}.png")
        message.attach(qr)
        if kind == "confirmed" and info.ics:
            message.attach("event.ics", info.ics, "text/calendar")
    return message


def registration_message(registration_id, kind):
    """The outbox's builder: the mail as the registration is when it is sent (None: nothing to send)."""
    registration = Registration.objects.select_related("target").filter(pk=registration_id).first()
    if registration is None or not registration.email:
        return None
    return build_mail(registration, kind)


def queue_registration_mail(registration, kind):
    """Queue one mail about `registration`, in the transaction that changed it."""
    if registration.email:
        queue_mail(
            "registrations.mails.registration_message", registration.pk, kind, recipient=registration.email
        )


LOOKUP_LIMIT = 20


def lookup_registrations(email):
    """The registrations an address made, for events not over for more than 30 days, soonest first."""
    recent = timezone.now() - datetime.timedelta(days=30)
    return list(
        Registration.objects.select_related("target")
        .filter(email__iexact=email.strip())
        .filter(models.Q(target__ends_at__isnull=True) | models.Q(target__ends_at__gte=recent))
        .order_by("target__starts_at", "pk")[:LOOKUP_LIMIT]
    )


def lookup_message(email):
    """The outbox's builder for 找回报名: signed links to every registration of `email` (None: none left)."""
    registrations = lookup_registrations(email)
    if not registrations:
        return None
    items = []
    for registration in registrations:
        info = describe(registration.target)
        items.append(
            {
                "title": info.title,
                "starts_at": timezone.localtime(info.starts_at) if info.starts_at else None,
                "status": registration.get_status_display(),
                "url": absolute(registration_path(registration)),
            }
        )
    context = {"items": items, "site_name": getattr(settings, "SITE_TITLE", "创孵")}
    message = EmailMultiAlternatives(
        subject=_("您在%(site)s的报名链接") % {"site": context["site_name"]},
        body=render_to_string("registrations/mail/lookup.txt", context),
        to=[email],
    )
    message.attach_alternative(render_to_string("registrations/mail/lookup.html", context), "text/html")
    return message
