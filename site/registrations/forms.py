"""The registration form: contact fields, companions, the owner's extra questions, consent, honeypot.

Owners pass their target (capacity rules, party size) and their questions (`TargetDescription.questions`:
dicts with key, label, kind, required, help_text, choices, min_value, max_value)."""

import re
import unicodedata
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from .engine import Applicant

MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")
# Number answers without bounds of their own stay within what a spreadsheet cell holds exactly.
NUMBER_LIMIT = 10**15 - 1


def _ascii_digits(text):
    """Every decimal digit as ASCII: full-width １３９, Arabic-Indic ١٣٩ and Devanagari १३९ are one number."""
    return "".join(
        str(unicodedata.decimal(char)) if unicodedata.decimal(char, None) is not None else char
        for char in text
    )


def normalise_mobile(value):
    """'+86 139-1234-5678' -> '13912345678' (mainland mobile numbers only), in ASCII digits."""
    digits = re.sub(r"[\s\-()（）]", "", _ascii_digits(unicodedata.normalize("NFKC", value or "")))
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == 11 + len(prefix):
            digits = digits[len(prefix) :]
            break
    return digits


def validate_mobile(value):
    mobile = normalise_mobile(value)
    if not MOBILE_RE.match(mobile):
        raise forms.ValidationError(_("请输入11位中国大陆手机号，例如 13912345678。"))
    return mobile


def required(message):
    return {"required": message}


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages=required(_("请填写姓名。")))
    mobile = forms.CharField(
        label=_("手机号"),
        max_length=20,
        error_messages=required(_("请填写手机号。")),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("邮箱"),
        max_length=254,
        help_text=_("确认函和电子票将发送到此邮箱。"),
        error_messages={
            "required": _("请填写邮箱。"),
            "invalid": _("邮箱格式不正确。"),
            "max_length": _("邮箱最多 %(limit_value)d 个字符（现有 %(show_value)d 个）。"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(label=_("单位"), max_length=100, required=False)
    job_title = forms.CharField(label=_("职务"), max_length=50, required=False)
    consent = forms.BooleanField(
        label=_("我同意主办方为组织本次活动收集和使用以上信息"),
        error_messages=required(_("请阅读并同意个人信息使用说明。")),
    )
    # A field people never see nor reach by keyboard (out of the tab order); bots fill it in.
    website = forms.CharField(
        required=False,
        label=_("网址（请留空）"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, target, questions=(), user=None, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        self.staff = staff
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)
            if user is not None and user.is_authenticated:
                self.initial.setdefault("name", user.get_full_name() or user.get_username())
                self.initial.setdefault("email", user.email)
                # Accounts may carry a mobile number (settings.AUTH_USER_MODEL; the engine never imports it).
                self.initial.setdefault("mobile", getattr(user, "mobile", "") or "")
                self.initial.setdefault("organisation", getattr(user, "organisation", "") or "")
                self.initial.setdefault("job_title", getattr(user, "position", "") or "")
        max_party_size = target.max_party_size if target is not None else 1
        if max_party_size > 1:
            self.fields["companions"] = forms.IntegerField(
                label=_("随行人数"),
                required=False,
                min_value=0,
                max_value=max_party_size - 1,
                initial=0,
                help_text=_("不含本人，最多 %(n)s 人。") % {"n": max_party_size - 1},
                error_messages={
                    "max_value": _("随行人数最多 %(limit_value)s 人。"),
                    "min_value": _("随行人数不能为负数。"),
                    "invalid": _("请输入整数。"),
                },
            )
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question["key"]] = self._question_field(question)
        if staff:
            for name in ("consent", "website"):
                self.fields.pop(name)
            self.fields["email"].required = False

    @staticmethod
    def _question_field(question):
        common = {
            "label": question["label"],
            "required": question["required"],
            "help_text": question["help_text"],
            "error_messages": required(_("请回答此问题。")),
        }
        kind = question["kind"]
        if kind == "choice":
            return forms.ChoiceField(
                choices=[(c, c) for c in question["choices"]],
                widget=forms.RadioSelect,
                **common,
            )
        if kind == "multiple":
            return forms.MultipleChoiceField(
                choices=[(c, c) for c in question["choices"]],
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        if kind == "number":
            common["error_messages"].update(
                invalid=_("请输入整数。"),
                min_value=_("不能小于 %(limit_value)s。"),
                max_value=_("不能大于 %(limit_value)s。"),
            )
            low, high = question.get("min_value"), question.get("max_value")
            return forms.IntegerField(
                min_value=-NUMBER_LIMIT if low is None else low,
                max_value=NUMBER_LIMIT if high is None else high,
                **common,
            )
        return forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}), **common)

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_mobile(self):
        return validate_mobile(self.cleaned_data["mobile"])

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()

    @property
    def is_spam(self):
        return bool(self.data.get("website"))

    @property
    def party_size(self):
        return 1 + (self.cleaned_data.get("companions") or 0)

    def answers(self):
        """Answers keyed by question label (labels are what staff read in the list and the export)."""
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(question["key"])
            if value in (None, "", []):
                continue
            result[question["label"]] = value
        return result

    def applicant(self, user=None):
        """The engine's view of the person who filled in this (valid) form."""
        data = self.cleaned_data
        return Applicant(
            name=data["name"],
            mobile=data["mobile"],
            email=data.get("email", ""),
            organisation=data.get("organisation", ""),
            job_title=data.get("job_title", ""),
            party_size=self.party_size,
            answers=self.answers(),
            user=user if getattr(user, "is_authenticated", False) else None,
        )

    def question_fields(self):
        return [self[q["key"]] for q in self.questions]

    def contact_fields(self):
        names = ["name", "mobile", "email", "organisation", "job_title"]
        if "companions" in self.fields:
            names.append("companions")
        return [self[name] for name in names]
