"""Accounts: profile (carrier choice of live, public carriers), mobile verification through the file SMS
backend, the Wagtail admin's one-name user forms, and the header's per-person links (never cached)."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from accounts.models import MobileVerification
from accounts.sms import FileBackend
from tests.factories import CarrierIndexPageFactory, CarrierPageFactory, UserFactory

User = get_user_model()


@pytest.fixture
def sms(settings, tmp_path):
    settings.ACCOUNTS_SMS_BACKEND = "accounts.sms.FileBackend"
    settings.ACCOUNTS_SMS_FILE_PATH = tmp_path / "sms"
    return FileBackend(tmp_path / "sms")


def last_code(sms, mobile):
    return re.search(r"验证码是 (\d{6})", sms.messages(mobile)[-1][1]).group(1)


@pytest.mark.django_db
def test_profile_edits_name_organisation_position_and_carrier(client, home_page):
    index = CarrierIndexPageFactory(parent=home_page)
    carrier = CarrierPageFactory(parent=index, title="张江药谷孵化器")
    draft = CarrierPageFactory(parent=index, title="未发布孵化器", live=False)
    private = CarrierPageFactory(parent=index, title="内部孵化器")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    user = UserFactory(name="旧名字")
    client.force_login(user)
    html = client.get("/accounts/profile/").content.decode()
    assert "张江药谷孵化器" in html
    assert "未发布孵化器" not in html and "内部孵化器" not in html
    response = client.post(
        "/accounts/profile/",
        {"name": "欧阳明", "organisation": "张江药谷", "position": "孵化经理", "carrier": carrier.pk},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.organisation, user.position, user.carrier_id) == (
        "欧阳明",
        "张江药谷",
        "孵化经理",
        carrier.pk,
    )
    assert "张江药谷孵化器" in client.get("/accounts/").content.decode()
    response = client.post("/accounts/profile/", {"name": "", "carrier": draft.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写姓名。" in html and "请选择列表中的载体。" in html
    user.refresh_from_db()
    assert user.name == "欧阳明"


@pytest.mark.django_db
def test_account_pages_need_login_and_are_never_cached(client, home_page):
    for path in [
        "/accounts/",
        "/accounts/profile/",
        "/accounts/mobile/",
        "/accounts/data/",
        "/accounts/delete/",
    ]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    client.force_login(UserFactory())
    response = client.get("/accounts/")
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_mobile_verification_with_the_file_backend(client, home_page, sms):
    user = UserFactory(mobile="13912345678")
    client.force_login(user)
    response = client.post("/accounts/mobile/", {"action": "send", "mobile": "139 1234 5678"}, follow=True)
    assert "验证码已发送到 13912345678" in response.content.decode()
    [(number, text)] = sms.messages()
    assert number == "13912345678" and "10 分钟内有效" in text
    code = last_code(sms, "13912345678")
    verification = MobileVerification.objects.get()
    assert code not in verification.code_hash  # only a keyed hash is stored
    wrong = "000000" if code != "000000" else "111111"
    response = client.post("/accounts/mobile/", {"action": "confirm", "code": wrong})
    assert response.status_code == 400
    assert "验证码不正确，还可尝试 4 次。" in response.content.decode()
    response = client.post("/accounts/mobile/", {"action": "confirm", "code": code})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.mobile_verified
    assert "已验证" in client.get("/accounts/").content.decode()


@pytest.mark.django_db
def test_changing_the_mobile_needs_the_new_number_verified(client, home_page, sms):
    user = UserFactory(mobile="13912345678", mobile_verified_at=timezone.now())
    UserFactory(mobile="13700000000")
    client.force_login(user)
    response = client.post("/accounts/mobile/", {"action": "send", "mobile": "13700000000"})
    assert "该手机号已被其他账号使用。" in response.content.decode()
    assert sms.messages() == []
    client.post("/accounts/mobile/", {"action": "send", "mobile": "13600000000"})
    user.refresh_from_db()
    assert user.mobile == "13912345678"  # unchanged until the new number is confirmed
    client.post("/accounts/mobile/", {"action": "confirm", "code": last_code(sms, "13600000000")})
    user.refresh_from_db()
    assert (user.mobile, user.mobile_verified) == ("13600000000", True)
    # And login by the new number works.
    user.set_password("Pudong-2026-xuetang")
    user.save()
    fresh = Client()
    assert (
        fresh.post(
            "/accounts/login/", {"username": "13600000000", "password": "Pudong-2026-xuetang"}
        ).status_code
        == 302
    )


@pytest.mark.django_db
def test_codes_expire_and_allow_five_attempts(client, home_page, sms):
    user = UserFactory()
    client.force_login(user)
    client.post("/accounts/mobile/", {"action": "send", "mobile": "13912345678"})
    code = last_code(sms, "13912345678")
    for _n in range(4):
        client.post(
            "/accounts/mobile/", {"action": "confirm", "code": "999999" if code != "999999" else "888888"}
        )
    response = client.post(
        "/accounts/mobile/", {"action": "confirm", "code": "999999" if code != "999999" else "888888"}
    )
    assert "验证码错误次数过多，请重新获取。" in response.content.decode()
    response = client.post(
        "/accounts/mobile/", {"action": "confirm", "code": code}
    )  # the right one, too late
    assert "验证码错误次数过多" in response.content.decode()
    user.refresh_from_db()
    assert not user.mobile_verified

    verification = MobileVerification.objects.get()
    verification.created_at -= datetime.timedelta(minutes=11)
    verification.save()
    client.post("/accounts/mobile/", {"action": "send", "mobile": "13912345678"})
    fresh_code = last_code(sms, "13912345678")
    MobileVerification.objects.filter(verified_at__isnull=True).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.post("/accounts/mobile/", {"action": "confirm", "code": fresh_code})
    assert "验证码已过期，请重新获取。" in response.content.decode()
    user.refresh_from_db()
    assert not user.mobile_verified


@pytest.mark.django_db
def test_resending_codes_is_rate_limited(client, home_page, sms, settings):
    client.force_login(UserFactory())
    client.post("/accounts/mobile/", {"action": "send", "mobile": "13912345678"})
    response = client.post("/accounts/mobile/", {"action": "send", "mobile": "13912345678"})
    assert "秒后再重新获取" in response.content.decode()
    assert len(sms.messages()) == 1
    # Past the per-send wait, the hourly cap still holds.
    settings.ACCOUNTS_SMS_RESEND_SECONDS = 0
    settings.ACCOUNTS_SMS_PER_HOUR = 3
    for _n in range(4):
        response = client.post("/accounts/mobile/", {"action": "send", "mobile": "13912345678"})
    assert "获取验证码过于频繁" in response.content.decode()
    assert len(sms.messages()) == 3


# The Wagtail admin -------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, home_page):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
def test_an_admin_creates_and_edits_a_user_with_a_chinese_name(admin_client):
    form = admin_client.get(reverse("wagtailusers_users:add")).content.decode()
    assert 'name="name"' in form
    assert 'name="first_name"' not in form and 'name="last_name"' not in form
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "ouyang",
            "name": "欧阳娜娜",
            "email": "OuYang@Example.cn",
            "mobile": "13812345678",
            "password1": "Pudong-2026-xuetang",
            "password2": "Pudong-2026-xuetang",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="ouyang")
    assert (user.name, user.email, user.mobile) == ("欧阳娜娜", "ouyang@example.cn", "13812345678")
    assert "欧阳娜娜" in admin_client.get(reverse("wagtailusers_users:index")).content.decode()
    assert "欧阳娜娜" in admin_client.get(reverse("wagtailusers_users:index") + "?q=欧阳").content.decode()

    edit_url = reverse("wagtailusers_users:edit", args=[user.pk])
    assert 'value="欧阳娜娜"' in admin_client.get(edit_url).content.decode()
    response = admin_client.post(
        edit_url,
        {
            "username": "ouyang",
            "name": "司马相如",
            "email": "ouyang@example.cn",
            "mobile": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert (user.name, user.mobile) == ("司马相如", "")
    # Without a name the form says so.
    response = admin_client.post(edit_url, {"username": "ouyang", "name": "", "email": "ouyang@example.cn"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.name == "司马相如"


@pytest.mark.django_db
def test_the_admin_account_page_edits_the_one_name(client, home_page):
    user = UserFactory(is_staff=True, is_superuser=True, name="旧名字")
    client.force_login(user)
    page = client.get("/admin/account/").content.decode()
    assert 'name="name_email-name"' in page and "first_name" not in page
    response = client.post(
        "/admin/account/",
        {
            "name_email-name": "诸葛亮",
            "name_email-email": user.email,
            "locale-preferred_language": "zh-hans",
            "locale-current_time_zone": "Asia/Shanghai",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.name == "诸葛亮"


# The header ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_header_shows_the_persons_links_from_a_warm_chrome(home_page):
    anonymous = Client()
    html = anonymous.get("/").content.decode()  # builds and keeps the page chrome
    assert ">登录</a>" in html and ">注册</a>" in html and "我的创孵" not in html
    member = Client()
    member.force_login(UserFactory())
    html = member.get("/").content.decode()
    assert "我的创孵" in html and ">退出</button>" in html and ">注册</a>" not in html
    html = anonymous.get("/").content.decode()
    assert ">登录</a>" in html and "我的创孵" not in html


@pytest.mark.django_db
def test_a_new_privacy_notice_version_asks_for_consent_again(client, home_page, settings):
    user = UserFactory(privacy_version=settings.PRIVACY_NOTICE_VERSION, privacy_consented_at=timezone.now())
    client.force_login(user)
    assert "隐私政策已更新" not in client.get("/accounts/").content.decode()
    settings.PRIVACY_NOTICE_VERSION = "2099-01"
    assert "隐私政策已更新" in client.get("/accounts/").content.decode()
    assert client.get("/accounts/privacy/").status_code == 200
    response = client.post("/accounts/privacy/consent/", follow=True)
    assert "隐私政策已更新" not in response.content.decode()
    user.refresh_from_db()
    assert user.privacy_version == "2099-01"


@pytest.mark.django_db
def test_password_pages_show_one_line_hints_not_a_raw_list(client, home_page):
    client.force_login(UserFactory())
    html = client.get("/accounts/password/").content.decode()
    assert "至少 8 位" in html and "<ul>" not in html.split('id="field-new_password1"')[1].split("</div>")[0]
