"""The public request form (智询 consultation, 云超 service request, 驿站 visit) and the requester's follow-up
forms. Contact checks and the honeypot are the registration form's; this module imports no brand model, so
catalogue pages can build their form without a cycle."""

import datetime
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from registrations.forms import validate_mobile

from .models.requests import CompanyStage, RequestKind, VisitHalf


def required(message):
    return {"required": message}


def text_errors(what, limit):
    return {
        "required": _("请填写%(what)s。") % {"what": what},
        "max_length": _("%(what)s最多 %(n)s 个字。") % {"what": what, "n": limit},
    }


class HoneypotInput(forms.TextInput):
    """Out of sight and out of the keyboard's reach: people never tab into it, bots fill it in."""

    def __init__(self):
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off"})


class RequestForm(forms.Form):
    topic = forms.CharField(label=_("主题"), max_length=100, error_messages=text_errors(_("主题"), 100))
    company_name = forms.CharField(
        label=_("企业名称"),
        max_length=100,
        error_messages=text_errors(_("企业名称"), 100),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    stage = forms.ChoiceField(
        label=_("企业阶段"),
        choices=[("", _("请选择"))] + CompanyStage.choices,
        error_messages={"required": _("请选择企业阶段。"), "invalid_choice": _("请选择企业阶段。")},
    )
    need = forms.CharField(
        label=_("需求描述"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("请说明企业情况、遇到的问题和希望得到的帮助。"),
        error_messages=text_errors(_("需求描述"), 2000),
    )
    contact_name = forms.CharField(
        label=_("联系人"),
        max_length=50,
        error_messages=text_errors(_("联系人"), 50),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    mobile = forms.CharField(
        label=_("手机号"),
        max_length=20,
        error_messages=required(_("请填写手机号。")),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("邮箱"),
        max_length=254,
        help_text=_("受理进度和答复将发送到此邮箱。"),
        error_messages={
            "required": _("请填写邮箱。"),
            "invalid": _("邮箱格式不正确。"),
            "max_length": _("邮箱过长。"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_("我已阅读并同意《个人信息保护说明》，同意为处理本需求收集和使用以上信息"),
        error_messages=required(_("请阅读并同意个人信息保护说明。")),
    )
    website = forms.CharField(required=False, label=_("网址（请留空）"), widget=HoneypotInput())
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, kind, experts=(), visit_dates=(), max_visitors=5, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)
            if user is not None and user.is_authenticated:
                self.initial.setdefault("contact_name", getattr(user, "name", "") or user.get_username())
                self.initial.setdefault("email", user.email)
                self.initial.setdefault("mobile", getattr(user, "mobile", "") or "")
                self.initial.setdefault("company_name", getattr(user, "organisation", "") or "")
        if kind == RequestKind.CONSULTATION and experts:
            self.fields["expert"] = forms.TypedChoiceField(
                label=_("意向专家"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("不指定，由服务专员匹配"))] + [(pk, title) for pk, title in experts],
                error_messages={"invalid_choice": _("请从列表中选择专家。")},
            )
        if kind == RequestKind.VISIT:
            self.fields["topic"].label = _("来访事项")
            self.fields["visit_date"] = forms.TypedChoiceField(
                label=_("到访日期"),
                coerce=datetime.date.fromisoformat,
                choices=[("", _("请选择日期"))] + [(d.isoformat(), _date_label(d)) for d in visit_dates],
                error_messages={
                    "required": _("请选择到访日期。"),
                    "invalid_choice": _("该日期不开放预约，请重新选择。"),
                },
            )
            self.fields["visit_half"] = forms.ChoiceField(
                label=_("时段"),
                choices=VisitHalf.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("请选择上午或下午。"),
                    "invalid_choice": _("请选择上午或下午。"),
                },
            )
            self.fields["visitors"] = forms.IntegerField(
                label=_("到访人数"),
                min_value=1,
                max_value=max_visitors,
                initial=1,
                error_messages={
                    "required": _("请填写到访人数。"),
                    "invalid": _("请输入整数。"),
                    "min_value": _("到访人数至少 1 人。"),
                    "max_value": _("到访人数最多 %(limit_value)s 人。"),
                },
            )

    def clean_mobile(self):
        return validate_mobile(self.cleaned_data["mobile"])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    @property
    def is_spam(self):
        return bool(self.data.get("website"))

    def main_fields(self):
        names = ["topic", "company_name", "stage", "need"]
        if "expert" in self.fields:
            names.insert(0, "expert")
        if self.kind == RequestKind.VISIT:
            names = ["visit_date", "visit_half", "visitors", *names]
        return [self[name] for name in names]

    def contact_fields(self):
        return [self[name] for name in ("contact_name", "mobile", "email")]


WEEKDAYS = "一二三四五六日"


def _date_label(day):
    return f"{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("补充说明"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=text_errors(_("补充说明"), 2000),
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("评分"),
        coerce=int,
        choices=[(n, f"{n} 分") for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择 1–5 分。"), "invalid_choice": _("请选择 1–5 分。")},
    )
    comment = forms.CharField(
        label=_("评价（选填）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("评价最多 500 字。")},
    )
