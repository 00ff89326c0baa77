"""What a trainee leaves behind: attendance per class meeting, and the certificate a completed session earns.

A certificate copies the name, course title and hours it certifies, so it stays valid and verifiable when
the course page is unpublished or the trainee deletes their account (the name is then cleared: the verify
page still says valid, without a name)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Codes avoid look-alike characters (0/O, 1/I/L) so they can be read out and typed.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_certificate_code():
    return "PDX-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class Attendance(models.Model):
    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("学员"),
    )
    meeting = models.ForeignKey(
        "academy.ClassMeeting", on_delete=models.CASCADE, related_name="attendances", verbose_name=_("课次")
    )
    present = models.BooleanField(_("出勤"), default=True)
    marked_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("出勤记录")
        verbose_name_plural = _("出勤记录")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "meeting"], name="academy_one_attendance_per_meeting"
            )
        ]

    def __str__(self):
        return f"{self.registration} · {self.meeting} · {'出勤' if self.present else '缺勤'}"


class Certificate(models.Model):
    code = models.CharField(_("证书编号"), max_length=20, unique=True, default=new_certificate_code)
    registration = models.OneToOneField(
        "registrations.Registration",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificate",
        verbose_name=_("报名"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("学员账号"),
    )
    holder_name = models.CharField(_("学员姓名"), max_length=50, blank=True)
    session = models.ForeignKey(
        "academy.CourseSession", null=True, blank=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    course_title = models.CharField(_("课程"), max_length=255)
    session_name = models.CharField(_("班次"), max_length=60, blank=True)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    issued_at = models.DateTimeField(_("颁发时间"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("结业证书")
        verbose_name_plural = _("结业证书")
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.code} · {self.course_title}"

    @property
    def is_valid(self):
        return self.revoked_at is None
