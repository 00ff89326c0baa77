"""One user model for staff, trainees and registrants, and the codes that verify a mobile number.

Chinese names are not first + last, so the model has one `name` (姓名). Email addresses are stored in
lower case, so uniqueness and login are case-insensitive. `carrier` points to a 一图一库 carrier by string
reference (accounts never imports carriers); it is added in migration 0002, after carriers exist.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", _("请输入11位中国大陆手机号，例如 13912345678。"))


def normalise_email(value):
    return (value or "").strip().lower()


class AccountManager(UserManager):
    @classmethod
    def normalize_email(cls, email):
        return normalise_email(email)

    def find_by_email(self, email):
        email = normalise_email(email)
        return self.filter(email=email).first() if email else None


class User(AbstractUser):
    """A person with an account: staff (is_staff) and trainees alike."""

    last_name = None  # one full name (姓名); `first_name` below is a read-only alias of it, not a column
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    mobile = models.CharField(_("手机号"), max_length=11, blank=True, validators=[mobile_validator])
    email_verified_at = models.DateTimeField(_("邮箱验证时间"), null=True, blank=True)
    mobile_verified_at = models.DateTimeField(_("手机号验证时间"), null=True, blank=True)
    organisation = models.CharField(_("单位"), max_length=100, blank=True)
    position = models.CharField(_("职务"), max_length=50, blank=True)
    carrier = models.ForeignKey(
        "carriers.CarrierPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("所在载体"),
    )
    # 学堂方向 the person wants to hear about (by string: accounts never imports the academy).
    interests = models.ManyToManyField(
        "academy.Track", blank=True, related_name="+", verbose_name=_("关注的学堂方向")
    )
    # PIPL: which version of the privacy notice the person agreed to, and when.
    privacy_version = models.CharField(_("同意的隐私政策版本"), max_length=20, blank=True)
    privacy_consented_at = models.DateTimeField(_("同意隐私政策时间"), null=True, blank=True)

    REQUIRED_FIELDS = ["email"]
    objects = AccountManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=~Q(email=""),
                name="accounts_user_email_unique",
                violation_error_message=_("该邮箱已被其他账号使用。"),
            ),
            models.UniqueConstraint(
                fields=["mobile"],
                condition=~Q(mobile=""),
                name="accounts_user_mobile_unique",
                violation_error_message=_("该手机号已被其他账号使用。"),
            ),
        ]

    def __str__(self):
        return self.get_full_name()

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self):
        return (self.name or "").strip() or self.get_username()

    def get_short_name(self):
        return self.get_full_name()

    @property
    def first_name(self):
        """Wagtail's sidebar greets `first_name` (else the username): the whole 姓名, never half of it."""
        return self.get_full_name()

    @property
    def email_verified(self):
        return self.email_verified_at is not None

    @property
    def mobile_verified(self):
        return bool(self.mobile) and self.mobile_verified_at is not None

    @property
    def masked_mobile(self):
        return f"{self.mobile[:3]}****{self.mobile[-4:]}" if len(self.mobile) == 11 else ""


class MobileVerification(models.Model):
    """A 6-digit code sent to a mobile number. Only a keyed hash of the code is stored; it expires, and
    allows a few attempts. When it is confirmed the number becomes the account's (verified) mobile."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mobile_verifications")
    mobile = models.CharField(_("手机号"), max_length=11)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("手机验证码")
        verbose_name_plural = _("手机验证码")
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return f"{self.user_id} · {self.mobile[:3]}****"
