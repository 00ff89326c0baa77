"""Public account pages under /accounts/: sign up, email verification, login/logout, password change and
reset (Django's views in the site's theme), 我的创孵, profile, mobile verification, and the PIPL pages
(privacy notice, download my data, delete my account)."""

import json
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from . import hooks, ratelimit
from .forms import (
    DeleteAccountForm,
    LoginForm,
    MobileCodeForm,
    MobileForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SetPasswordForm,
    SignupForm,
)
from .mails import queue_verification_mail
from .mobile import MobileVerificationError, confirm_code, pending, send_code
from .models import User
from .tokens import read_email_token

PRIVATE = [login_required, never_cache]


def private(view):
    """Logged-in pages are never cached anywhere (they show one person's data)."""
    for decorator in reversed(PRIVATE):
        view = decorator(view)
    return view


# Sign up and email verification -------------------------------------------------------------------------


@never_cache
@sensitive_post_parameters("password1", "password2")
def signup(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignupForm(request.POST or None)
    context = {"form": form, "privacy_version": settings.PRIVACY_NOTICE_VERSION}
    if request.method != "POST":
        return render(request, "accounts/signup.html", context)
    if not ratelimit.hit("signup", ratelimit.client_ip(request), settings.ACCOUNTS_SIGNUP_RATE_LIMIT):
        form.is_valid()
        form.add_error(None, _("注册过于频繁，请稍后再试。"))
        return render(request, "accounts/signup.html", context, status=429)
    if form.is_spam:
        # Bots get an answer that looks normal, and nothing is saved.
        return render(request, "accounts/signup_done.html", {"masked_email": ""})
    if not form.is_valid():
        return render(request, "accounts/signup.html", context, status=400)
    data = form.cleaned_data
    with transaction.atomic():
        user = User(
            username=f"u{secrets.token_hex(5)}",
            name=data["name"],
            email=data["email"],
            mobile=data["mobile"],
            privacy_version=settings.PRIVACY_NOTICE_VERSION,
            privacy_consented_at=timezone.now(),
        )
        user.set_password(data["password1"])
        user.save()
        queue_verification_mail(user)
    request.session["accounts_signup_email"] = user.email
    return redirect("accounts:signup_done")


@never_cache
def signup_done(request):
    email = request.session.get("accounts_signup_email", "")
    local, _at, domain = email.partition("@")
    masked = f"{local[:2]}***@{domain}" if domain else ""
    return render(request, "accounts/signup_done.html", {"masked_email": masked})


@never_cache
def verify_email(request, token):
    try:
        user_id, email = read_email_token(token)
    except signing.SignatureExpired:
        return _verify_failed(request, "expired")
    except signing.BadSignature:
        return _verify_failed(request, "invalid")
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
        if user is None or user.email != email:
            return _verify_failed(request, "invalid")
        if not user.email_verified:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
            hooks.email_verified(user)
    if request.user.is_authenticated and request.user.pk == user.pk:
        messages.success(request, _("邮箱已验证。"))
        return redirect(settings.LOGIN_REDIRECT_URL)
    messages.success(request, _("邮箱 %(email)s 已验证，请登录。") % {"email": user.email})
    return redirect(settings.LOGIN_URL)


def _verify_failed(request, reason):
    return render(request, "accounts/verify_email_failed.html", {"reason": reason}, status=400)


@require_POST
@login_required
def resend_verification(request):
    user = request.user
    if user.email_verified:
        messages.info(request, _("您的邮箱已验证，无需重复验证。"))
    elif not ratelimit.hit("verify-mail", user.pk, settings.ACCOUNTS_MAIL_RATE_LIMIT):
        messages.error(request, _("发送过于频繁，请一小时后再试。"))
    else:
        queue_verification_mail(user)
        messages.success(request, _("验证邮件已发送到 %(email)s，请查收。") % {"email": user.email})
    return redirect(settings.LOGIN_REDIRECT_URL)


# Login, logout, passwords (Django's views, our templates) ------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's); back to the home page."""


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:dashboard")
    title = gettext_lazy("修改密码")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("密码已修改。"))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/mail/password_reset.txt"
    subject_template_name = "accounts/mail/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    title = gettext_lazy("找回密码")

    def form_valid(self, form):
        email = form.cleaned_data["email"].lower()
        limit = settings.ACCOUNTS_MAIL_RATE_LIMIT
        if not (
            ratelimit.hit("reset-ip", ratelimit.client_ip(self.request), limit)
            and ratelimit.hit("reset-email", email, limit)
        ):
            form.add_error(None, _("发送过于频繁，请一小时后再试。"))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    title = gettext_lazy("邮件已发送")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    title = gettext_lazy("设置新密码")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    title = gettext_lazy("密码已重置")


# 我的创孵 and the profile ----------------------------------------------------------------------------------


@private
def dashboard(request):
    user = request.user
    return render(
        request,
        "accounts/dashboard.html",
        {
            "account": user,
            "sections": [
                # Each section's template gets its context's names directly, and `section` itself.
                {
                    **section,
                    "html": render_to_string(
                        section["template"], {**section["context"], "section": section}, request
                    ),
                }
                for section in hooks.dashboard_sections(request)
            ],
            "privacy_version": settings.PRIVACY_NOTICE_VERSION,
            "needs_consent": user.privacy_version != settings.PRIVACY_NOTICE_VERSION,
        },
    )


@private
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("个人资料已保存。"))
            return redirect("accounts:profile")
        return render(request, "accounts/profile.html", {"form": form}, status=400)
    return render(request, "accounts/profile.html", {"form": form})


@private
def mobile(request):
    """Verify the account's number, or a new one: get a code by SMS, then type it in."""
    user = request.user
    mobile_form = MobileForm(initial={"mobile": user.mobile})
    code_form = MobileCodeForm()
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "send":
            mobile_form = MobileForm(request.POST)
            if mobile_form.is_valid():
                number = mobile_form.cleaned_data["mobile"]
                try:
                    send_code(user, number)
                except MobileVerificationError as error:
                    mobile_form.add_error("mobile", error.message)
                else:
                    messages.success(
                        request,
                        _("验证码已发送到 %(mobile)s，%(minutes)s 分钟内有效。")
                        % {"mobile": number, "minutes": settings.ACCOUNTS_SMS_CODE_MINUTES},
                    )
                    return redirect("accounts:mobile")
            status = 400
        else:
            code_form = MobileCodeForm(request.POST)
            if code_form.is_valid():
                try:
                    verification = confirm_code(user, code_form.cleaned_data["code"])
                except MobileVerificationError as error:
                    code_form.add_error("code", error.message)
                else:
                    messages.success(
                        request, _("手机号 %(mobile)s 已验证。") % {"mobile": verification.mobile}
                    )
                    return redirect(settings.LOGIN_REDIRECT_URL)
            status = 400
    waiting = pending(user)
    context = {"mobile_form": mobile_form, "code_form": code_form, "pending": waiting, "account": user}
    return render(request, "accounts/mobile.html", context, status=status)


# PIPL: the notice, download my data, delete my account ------------------------------------------------------


def privacy_notice(request):
    return render(request, "accounts/privacy_notice.html", {"version": settings.PRIVACY_NOTICE_VERSION})


@require_POST
@login_required
def privacy_consent(request):
    """Agree to the current notice (asked on 我的创孵 when the notice's version moved on)."""
    user = request.user
    user.privacy_version = settings.PRIVACY_NOTICE_VERSION
    user.privacy_consented_at = timezone.now()
    user.save(update_fields=["privacy_version", "privacy_consented_at"])
    messages.success(request, _("已记录您对隐私政策（版本 %(v)s）的同意。") % {"v": user.privacy_version})
    return redirect(settings.LOGIN_REDIRECT_URL)


ACCOUNT_EXPORT_FIELDS = [
    "username",
    "name",
    "email",
    "email_verified_at",
    "mobile",
    "mobile_verified_at",
    "organisation",
    "position",
    "privacy_version",
    "privacy_consented_at",
    "date_joined",
    "last_login",
]


def account_data(user):
    data = {field: getattr(user, field) for field in ACCOUNT_EXPORT_FIELDS}
    data["carrier"] = user.carrier.title if user.carrier_id else None
    return data


@private
def my_data(request):
    return render(request, "accounts/my_data.html", {"account": request.user})


@private
def download_data(request):
    user = request.user
    payload = {
        "exported_at": timezone.now(),
        "site": getattr(settings, "SITE_TITLE", "创孵"),
        "account": account_data(user),
        **hooks.data_export(user),
    }
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="chuangfu-my-data-{stamp}.json"'
    return response


@private
@sensitive_post_parameters("password")
def delete_account(request):
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST":
        if not ratelimit.hit("delete", user.pk, settings.ACCOUNTS_MAIL_RATE_LIMIT):
            form.is_valid()
            form.add_error(None, _("尝试次数过多，请一小时后再试。"))
            return render(request, "accounts/delete_account.html", {"form": form}, status=429)
        if form.is_valid():
            hooks.delete_account(user)
            logout(request)
            return redirect("accounts:deleted")
        return render(request, "accounts/delete_account.html", {"form": form}, status=400)
    return render(request, "accounts/delete_account.html", {"form": form})


def account_deleted(request):
    return render(request, "accounts/deleted.html")
