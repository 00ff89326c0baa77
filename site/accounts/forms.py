"""Forms of the public account pages. Every message is Chinese (ours, or Django's zh-hans translation)."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.public_url import protocol_and_domain
from registrations.forms import validate_mobile

from .mails import queue_account_mail
from .models import User, normalise_email


def required(message):
    return {"required": message}


PASSWORD_HELP = _("至少 8 位，不能全是数字，不要与姓名、邮箱相近。")


class SignupForm(forms.Form):
    name = forms.CharField(
        label=_("姓名"),
        max_length=50,
        error_messages=required(_("请填写姓名。")),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("邮箱"),
        max_length=254,
        help_text=_("用于登录和接收通知，注册后请查收验证邮件。"),
        error_messages={
            "required": _("请填写邮箱。"),
            "invalid": _("邮箱格式不正确。"),
            "max_length": _("邮箱最多 %(limit_value)d 个字符（现有 %(show_value)d 个）。"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    mobile = forms.CharField(
        label=_("手机号"),
        max_length=20,
        help_text=_("也可用于登录；注册后可在个人资料中用短信验证码验证。"),
        error_messages=required(_("请填写手机号。")),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    password1 = forms.CharField(
        label=_("密码"),
        strip=False,
        help_text=PASSWORD_HELP,
        error_messages=required(_("请设置密码。")),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("确认密码"),
        strip=False,
        error_messages=required(_("请再次输入密码。")),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_("我已阅读并同意《个人信息保护与隐私政策》"),
        error_messages=required(_("请阅读并同意个人信息保护与隐私政策。")),
    )
    # Bots fill in every field; people never reach this one (hidden, out of the tab order).
    website = forms.CharField(
        required=False,
        label=_("网址（请留空）"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("该邮箱已注册，请直接登录；忘记密码可找回。"))
        return email

    def clean_mobile(self):
        mobile = validate_mobile(self.cleaned_data["mobile"])
        if User.objects.filter(mobile=mobile).exists():
            raise forms.ValidationError(_("该手机号已注册，请直接登录；忘记密码可用邮箱找回。"))
        return mobile

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2:
            if password1 != password2:
                self.add_error("password2", _("两次输入的密码不一致。"))
            else:
                candidate = User(name=data.get("name", ""), email=data.get("email", ""))
                try:
                    password_validation.validate_password(password1, candidate)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return data

    @property
    def is_spam(self):
        return bool(self.data.get("website"))


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.CharField(
        label=_("邮箱或手机号"),
        max_length=254,
        error_messages=required(_("请填写邮箱或手机号。")),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        error_messages=required(_("请填写密码。")),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("邮箱/手机号或密码不正确。连续输错 5 次将暂时锁定 15 分钟。"),
        "inactive": _("该账号已停用，如有疑问请联系我们。"),
    }


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's form (Chinese messages from its translation) with our one-line password hint."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form; its mail goes through the outbox like every other mail."""

    email = forms.EmailField(
        label=_("注册邮箱"),
        max_length=254,
        error_messages={"required": _("请填写邮箱。"), "invalid": _("邮箱格式不正确。")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # The link goes to the public base URL, never to whatever Host header the request carried.
        protocol, domain = protocol_and_domain()
        context = {
            **context,
            "protocol": protocol,
            "domain": domain,
            "site_name": getattr(settings, "SITE_TITLE", "创孵"),
        }
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        queue_account_mail(to_email, subject, body)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "organisation", "position", "carrier", "interests"]
        widgets = {"interests": forms.CheckboxSelectMultiple}
        error_messages = {"name": required(_("请填写姓名。"))}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        carrier = self.fields["carrier"]
        # The carrier model by the FK (accounts never imports carriers): live, public carriers only.
        Carrier = User._meta.get_field("carrier").related_model
        carrier.queryset = Carrier.objects.live().public().order_by("title")
        carrier.empty_label = _("（不属于孵化载体）")
        carrier.help_text = _("如您在浦东的孵化载体工作或入驻，可选择所在载体。")
        carrier.error_messages["invalid_choice"] = _("请选择列表中的载体。")
        interests = self.fields["interests"]
        interests.queryset = interests.queryset.order_by("sort_order", "name")
        interests.help_text = _("我的创孵会列出这些方向正在报名的课程。")
        interests.error_messages["invalid_choice"] = _("请选择列表中的方向。")


class MobileForm(forms.Form):
    mobile = forms.CharField(
        label=_("手机号"),
        max_length=20,
        error_messages=required(_("请填写手机号。")),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_mobile(self):
        return validate_mobile(self.cleaned_data["mobile"])


class MobileCodeForm(forms.Form):
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        min_length=6,
        error_messages={
            "required": _("请输入短信中的 6 位验证码。"),
            "min_length": _("验证码为 6 位数字。"),
            "max_length": _("验证码为 6 位数字。"),
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        error_messages=required(_("请输入当前密码以确认。")),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("我了解注销后账号无法恢复，活动报名将被取消并匿名化"),
        error_messages=required(_("请勾选确认。")),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("密码不正确。"))
        return password
