"""The enroll form: one click for an account that has a name and a mobile number."""

import uuid

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registrations.forms import validate_mobile

from . import enrollment


class EnrollForm(forms.Form):
    """One click for an account with a name and a mobile number; otherwise it asks for what is missing."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=50, required=False)
    mobile = forms.CharField(
        label=gettext_lazy("手机号"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("用于签到与课程通知。"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, user, session, **kwargs):
        # One form per session on a course page: the prefix keeps their field ids apart.
        kwargs.setdefault("prefix", f"s{session.pk}")
        super().__init__(*args, **kwargs)
        self.user = user
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)
        if enrollment.account_name(user):
            del self.fields["name"]
        else:
            self.fields["name"].required = True
            self.fields["name"].error_messages["required"] = _("请填写姓名。")
        if enrollment.account_mobile(user):
            del self.fields["mobile"]
        else:
            self.fields["mobile"].required = True
            self.fields["mobile"].error_messages["required"] = _("请填写手机号。")

    def clean_mobile(self):
        return validate_mobile(self.cleaned_data["mobile"])
