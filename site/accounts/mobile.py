"""Verifying a mobile number with a 6-digit code: send, check, apply.

The code is stored only as an HMAC keyed with SECRET_KEY (a leaked table does not give codes away, and 10^6
guesses cannot be tried offline), expires after ACCOUNTS_SMS_CODE_MINUTES and allows ACCOUNTS_SMS_MAX_ATTEMPTS
tries. Sending is limited per account (one per ACCOUNTS_SMS_RESEND_SECONDS, ACCOUNTS_SMS_PER_HOUR an hour)
and per number, counted from the rows themselves so every process agrees. The number becomes the
account's mobile only when its code is confirmed.
"""

import datetime
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from .models import MobileVerification, User
from .sms import send_sms

logger = logging.getLogger(__name__)
SALT = "accounts.mobile-code"


class MobileVerificationError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _hash(verification_mobile, user_id, code):
    return salted_hmac(SALT, f"{user_id}:{verification_mobile}:{code}", algorithm="sha256").hexdigest()


def number_taken(user, mobile):
    return User.objects.filter(mobile=mobile).exclude(pk=user.pk).exists()


def send_code(user, mobile, now=None):
    """Send a new code to `mobile` for `user`; raises MobileVerificationError (rate limit, taken, failure)."""
    now = now or timezone.now()
    if number_taken(user, mobile):
        raise MobileVerificationError(_("该手机号已被其他账号使用。"))
    recent = MobileVerification.objects.filter(created_at__gte=now - datetime.timedelta(hours=1))
    last = recent.filter(user=user).order_by("-created_at").first()
    wait = settings.ACCOUNTS_SMS_RESEND_SECONDS
    if last is not None and (now - last.created_at).total_seconds() < wait:
        seconds = wait - int((now - last.created_at).total_seconds())
        raise MobileVerificationError(_("验证码已发送，请 %(n)s 秒后再重新获取。") % {"n": seconds})
    per_hour = settings.ACCOUNTS_SMS_PER_HOUR
    if recent.filter(user=user).count() >= per_hour or recent.filter(mobile=mobile).count() >= per_hour:
        raise MobileVerificationError(_("获取验证码过于频繁，请一小时后再试。"))
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = settings.ACCOUNTS_SMS_CODE_MINUTES
    verification = MobileVerification.objects.create(
        user=user,
        mobile=mobile,
        code_hash=_hash(mobile, user.pk, code),
        created_at=now,
        expires_at=now + datetime.timedelta(minutes=minutes),
    )
    text = _("【创孵】您的验证码是 %(code)s，%(minutes)s 分钟内有效。如非本人操作，请忽略本短信。") % {
        "code": code,
        "minutes": minutes,
    }
    try:
        send_sms(mobile, text)
    except Exception as exc:
        logger.exception("SMS to %s****%s failed", mobile[:3], mobile[-4:])
        verification.delete()
        raise MobileVerificationError(_("短信发送失败，请稍后再试。")) from exc
    return verification


def pending(user, now=None):
    """The verification the person is answering: the newest one, if still usable."""
    now = now or timezone.now()
    verification = user.mobile_verifications.filter(verified_at__isnull=True).order_by("-created_at").first()
    if verification is None or verification.expires_at <= now:
        return None
    if verification.attempts >= settings.ACCOUNTS_SMS_MAX_ATTEMPTS:
        return None
    return verification


def confirm_code(user, code, now=None):
    """Check `code` against the newest code sent to this person; on success the number becomes the
    account's verified mobile. Raises MobileVerificationError with what to do next."""
    now = now or timezone.now()
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    # The failed try must be counted, so errors are raised after the transaction commits.
    with transaction.atomic():
        verification, error = _check(user, code, now)
    if error:
        raise MobileVerificationError(error)
    return verification


def _check(user, code, now):
    verification = (
        MobileVerification.objects.select_for_update()
        .filter(user=user, verified_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if verification is None:
        return None, _("请先获取验证码。")
    if verification.expires_at <= now:
        return None, _("验证码已过期，请重新获取。")
    if verification.attempts >= settings.ACCOUNTS_SMS_MAX_ATTEMPTS:
        return None, _("验证码错误次数过多，请重新获取。")
    verification.attempts += 1
    if not constant_time_compare(verification.code_hash, _hash(verification.mobile, user.pk, code)):
        verification.save(update_fields=["attempts"])
        left = settings.ACCOUNTS_SMS_MAX_ATTEMPTS - verification.attempts
        if left <= 0:
            return None, _("验证码错误次数过多，请重新获取。")
        return None, _("验证码不正确，还可尝试 %(n)s 次。") % {"n": left}
    if number_taken(user, verification.mobile):
        verification.save(update_fields=["attempts"])
        return None, _("该手机号已被其他账号使用。")
    verification.verified_at = now
    verification.save(update_fields=["attempts", "verified_at"])
    user.mobile = verification.mobile
    user.mobile_verified_at = now
    user.save(update_fields=["mobile", "mobile_verified_at"])
    return verification, None
