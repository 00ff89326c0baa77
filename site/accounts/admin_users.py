"""The Wagtail admin's user pages with one 姓名 field instead of first/last name: the user forms and
viewset (`AccountsWagtailUsersConfig.user_viewset`), and the 账户 settings page's name panel."""

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views import account as account_views
from wagtail.users import forms as user_forms
from wagtail.users.views import users as user_views

from .models import User

ADMIN_FIELDS = {"username", "name", "email", "mobile", "organisation", "position", "is_superuser", "groups"}


class OneNameMixin(forms.ModelForm):
    first_name = None
    last_name = None
    name = forms.CharField(label=_("姓名"), max_length=50, required=True)

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if User.objects.filter(email=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("该邮箱已被其他账号使用。"))
        return email

    def clean_mobile(self):
        mobile = (self.cleaned_data.get("mobile") or "").strip()
        if mobile and User.objects.filter(mobile=mobile).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("该手机号已被其他账号使用。"))
        return mobile


class UserCreationForm(OneNameMixin, user_forms.UserCreationForm):
    class Meta(user_forms.UserCreationForm.Meta):
        fields = ADMIN_FIELDS


class UserEditForm(OneNameMixin, user_forms.UserEditForm):
    class Meta(user_forms.UserEditForm.Meta):
        fields = ADMIN_FIELDS | {"is_active"}


class IndexView(user_views.IndexView):
    @property
    def search_fields(self):
        return ["username", "name", "email", "mobile"]

    @cached_property
    def columns(self):
        # Wagtail sorts its 姓名 column only with first/last name fields; ours sorts by the one name.
        columns = super().columns
        for column in columns:
            if column.name == "name":
                column.sort_key = "name"
        return columns

    def order_queryset(self, queryset):
        if self.ordering in ("name", "-name"):  # Wagtail's own orders by last_name, first_name
            return queryset.order_by(self.ordering, "username")
        return super().order_queryset(queryset)


class UserViewSet(user_views.UserViewSet):
    index_view_class = IndexView
    create_template_name = "accounts/admin/user_create.html"
    edit_template_name = "accounts/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm


class NameEmailForm(forms.ModelForm):
    """The 账户 page's 姓名 and 邮箱 (Wagtail's own form asks for first and last name)."""

    name = forms.CharField(label=_("姓名"), max_length=50, required=True)
    email = forms.EmailField(label=_("邮箱"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not account_views.email_management_enabled():
            del self.fields["email"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("该邮箱已被其他账号使用。"))
        return email

    class Meta:
        model = User
        fields = ["name", "email"]


class NameEmailSettingsPanel(account_views.NameEmailSettingsPanel):
    form_class = NameEmailForm


class AccountView(account_views.AccountView):
    """Wagtail's 账户 page with our name panel in place of its first/last name panel
    (mounted at admin/account/ in config/urls.py, before Wagtail's own URL)."""

    def get_panels(self):
        return [
            NameEmailSettingsPanel(panel.request, panel.user, panel.profile)
            if isinstance(panel, account_views.NameEmailSettingsPanel)
            else panel
            for panel in super().get_panels()
        ]
