"""The mail outbox (one row per mail, the truth about whether it went out) and the worker heartbeats that
tell a live worker's long task from a dead worker's abandoned one."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    SKIPPED = "skipped", _("无需发送")


class OutgoingMail(models.Model):
    """A mail to send. `builder` names a function that takes `args` and returns the message (or None when
    there is nothing to send any more), so a retry renders the mail from the data as it is then."""

    builder = models.CharField(_("生成函数"), max_length=200)
    args = models.JSONField(_("参数"), default=list)
    recipient = models.CharField(_("收件人"), max_length=320, blank=True)
    subject = models.CharField(_("主题"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=timezone.now)
    claimed_at = models.DateTimeField(_("开始发送"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("外发邮件")
        verbose_name_plural = _("外发邮件")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="worker_mail_due_idx")]

    def __str__(self):
        return f"{self.recipient} · {self.subject or self.builder}"


class WorkerHeartbeat(models.Model):
    """Written every few seconds by each `run_worker` process, also while it runs a long task."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("任务进程心跳")
        verbose_name_plural = _("任务进程心跳")

    def __str__(self):
        return f"{self.worker_id} @ {self.hostname}"
