from django.apps import AppConfig

from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    """Accounts of trainees, registrants and staff (one user model), the public account pages under
    /accounts/ and 我的创孵. Other apps plug in through the Wagtail hooks named in `accounts.hooks`."""

    default = True
    name = "accounts"
    verbose_name = "账号"


class AccountsWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with our user forms (one 姓名 field): listed in INSTALLED_APPS instead of
    "wagtail.users"."""

    default = False
    user_viewset = "accounts.admin_users.UserViewSet"
