"""Accounts: sign up (Chinese errors, nothing saved on error, honeypot, rate limit), email verification by a
signed expiring link, login by email or mobile, login throttling (django-axes, public and admin login),
logout, password change and reset."""

import re
import time
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.shortcuts import resolve_url
from django.test import Client

import pytest

from accounts.tokens import email_token
from tests.factories import UserFactory

User = get_user_model()
PASSWORD = "Pudong-2026-xuetang"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def signup_data(**overrides):
    data = {
        "name": "王小明",
        "email": "WangXM@Example.cn",
        "mobile": "139 1234 5678",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def verification_path(message):
    return re.search(r"https?://[^/\s]+(/accounts/verify-email/\S+/)", message.body).group(1)


@pytest.fixture
def signed_up(client, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 302, response.content.decode()
    return User.objects.get(email="wangxm@example.cn")


@pytest.mark.django_db
def test_signup_creates_the_account_with_consent_and_mails_a_link(client, signed_up):
    user = signed_up
    assert user.name == "王小明"
    assert user.mobile == "13912345678"
    assert user.check_password(PASSWORD)
    assert user.privacy_version == settings.PRIVACY_NOTICE_VERSION
    assert user.privacy_consented_at is not None
    assert not user.email_verified and not user.mobile_verified
    assert user.get_full_name() == user.get_short_name() == str(user) == "王小明"
    done = client.get("/accounts/signup/done/").content.decode()
    assert "请查收验证邮件" in done and "wa***@example.cn" in done
    [message] = mail.outbox
    assert message.to == ["wangxm@example.cn"]
    assert "验证" in message.subject
    assert verification_path(message)


@pytest.mark.django_db
def test_signup_errors_are_chinese_and_nothing_is_saved(client, home_page):
    UserFactory(email="taken@example.cn", mobile="13800000000")
    response = client.post(
        "/accounts/signup/",
        signup_data(name="", email="not-an-email", mobile="12345", password2="other", consent=None),
    )
    assert response.status_code == 400
    html = response.content.decode()
    for message in [
        "请填写姓名。",
        "邮箱格式不正确。",
        "请输入11位中国大陆手机号",
        "两次输入的密码不一致。",
        "请阅读并同意个人信息保护与隐私政策。",
        "注册未成功",
    ]:
        assert message in html, message
    mobile_block = html.split('id="field-mobile"')[1].split('<div class="field')[0]
    assert "请输入11位中国大陆手机号" in mobile_block
    # Taken email and mobile, and a weak password (Django's validators answer in Chinese).
    response = client.post(
        "/accounts/signup/",
        signup_data(
            email="TAKEN@example.cn", mobile="13800000000", password1="12345678", password2="12345678"
        ),
    )
    html = response.content.decode()
    assert "该邮箱已注册" in html and "该手机号已注册" in html
    assert "这个密码太常见了。" in html or "这个密码全部为数字。" in html
    assert User.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_honeypot_is_hidden_from_people_and_catches_bots(client, home_page):
    html = client.get("/accounts/signup/").content.decode()
    honeypot = re.search(r'<div class="hp-field" aria-hidden="true">.*?</div>', html, re.S).group(0)
    assert 'tabindex="-1"' in honeypot and 'name="website"' in honeypot
    response = client.post("/accounts/signup/", signup_data(website="http://spam.example"))
    assert response.status_code == 200
    assert "请查收验证邮件" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signups_from_one_address_are_limited(client, home_page, settings):
    settings.ACCOUNTS_SIGNUP_RATE_LIMIT = (2, 3600)
    for n in range(2):
        client.post("/accounts/signup/", signup_data(email=f"p{n}@example.cn", mobile=f"1390000000{n}"))
    response = client.post("/accounts/signup/", signup_data(email="p9@example.cn", mobile="13900000009"))
    assert response.status_code == 429
    assert "注册过于频繁" in response.content.decode()
    assert User.objects.count() == 2


@pytest.mark.django_db
def test_the_verification_link_verifies_once_and_then_login_works(client, signed_up):
    path = verification_path(mail.outbox[0])
    response = client.get(path, follow=True)
    assert response.redirect_chain[-1][0] == resolve_url(settings.LOGIN_URL)
    assert "已验证，请登录" in response.content.decode()
    signed_up.refresh_from_db()
    assert signed_up.email_verified
    first = signed_up.email_verified_at
    client.get(path)  # opening it again changes nothing
    signed_up.refresh_from_db()
    assert signed_up.email_verified_at == first


@pytest.mark.django_db
def test_a_tampered_verification_link_is_refused(client, signed_up):
    path = verification_path(mail.outbox[0])
    token = path.split("/")[-2]
    for bad in [token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "abc", token + "x"]:
        response = client.get(f"/accounts/verify-email/{bad}/")
        assert response.status_code == 400
        assert "验证链接无效" in response.content.decode()
    # A valid signature for another address (the account's email changed) is refused too.
    old_token = email_token(signed_up)
    signed_up.email = "new@example.cn"
    signed_up.save()
    assert client.get(f"/accounts/verify-email/{old_token}/").status_code == 400
    signed_up.refresh_from_db()
    assert not signed_up.email_verified


@pytest.mark.django_db
def test_an_expired_verification_link_is_refused(client, signed_up):
    four_days_ago = time.time() - 4 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=four_days_ago):
        token = email_token(signed_up)
    response = client.get(f"/accounts/verify-email/{token}/")
    assert response.status_code == 400
    assert "验证链接已过期" in response.content.decode()
    signed_up.refresh_from_db()
    assert not signed_up.email_verified


@pytest.mark.django_db
def test_resend_verification_from_the_dashboard(client, signed_up, django_capture_on_commit_callbacks):
    client.force_login(signed_up)
    assert "请验证邮箱" in client.get("/accounts/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/verify-email/resend/", follow=True)
    assert "验证邮件已发送到 wangxm@example.cn" in response.content.decode()
    assert len(mail.outbox) == 2
    client.get(verification_path(mail.outbox[1]))
    signed_up.refresh_from_db()
    assert signed_up.email_verified


def login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "identifier", ["wangxm@example.cn", " WANGXM@example.CN ", "13912345678", "+86 139-1234-5678"]
)
def test_login_by_email_or_mobile(client, home_page, identifier):
    UserFactory(email="wangxm@example.cn", mobile="13912345678", password=PASSWORD)
    response = login(client, identifier, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)
    assert "我的创孵" in client.get("/accounts/").content.decode()


@pytest.mark.django_db
def test_wrong_password_gets_a_chinese_message_and_next_is_kept(client, home_page):
    UserFactory(email="wangxm@example.cn", password=PASSWORD)
    response = login(client, "wangxm@example.cn", "wrong-password")
    assert response.status_code == 200
    assert "邮箱/手机号或密码不正确" in response.content.decode()
    response = client.post(
        "/accounts/login/?next=/accounts/profile/",
        {"username": "wangxm@example.cn", "password": PASSWORD, "next": "/accounts/profile/"},
    )
    assert response["Location"] == "/accounts/profile/"


@pytest.mark.django_db
def test_the_sixth_try_is_refused_even_with_the_right_password(client, home_page):
    user = UserFactory(email="wangxm@example.cn", mobile="13912345678", password=PASSWORD)
    # Alternating email and mobile still counts against the one account.
    for n in range(5):
        response = login(client, "wangxm@example.cn" if n % 2 else "13912345678", "wrong-password")
    assert response.status_code == 429
    response = login(client, "wangxm@example.cn", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "登录失败次数过多" in html and "15 分钟后再试" in html
    assert "_auth_user_id" not in client.session
    # Another address is also refused for this account (per account), for 15 minutes.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert login(other, "13912345678", PASSWORD).status_code == 429
    assert user.pk


@pytest.mark.django_db
def test_logging_into_ones_own_account_does_not_reset_the_count(client, home_page):
    UserFactory(email="victim@example.cn", password=PASSWORD)
    UserFactory(email="guesser@example.cn", password="Guesser-own-2026")
    for _n in range(4):
        login(client, "victim@example.cn", "guess")
    assert login(client, "guesser@example.cn", "Guesser-own-2026").status_code == 302
    client.post("/accounts/logout/")
    login(client, "victim@example.cn", "guess")  # the fifth failure at the victim's account
    assert login(Client(REMOTE_ADDR="10.7.7.7"), "victim@example.cn", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_one_address_guessing_many_accounts_is_locked_out(client, home_page):
    UserFactory(email="victim@example.cn", password=PASSWORD)
    for n in range(5):
        login(client, f"someone{n}@example.cn", "guess")
    assert login(client, "victim@example.cn", PASSWORD).status_code == 429
    # The account itself is not locked for people elsewhere.
    assert login(Client(REMOTE_ADDR="10.9.9.9"), "victim@example.cn", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_wagtail_admin_login_is_throttled_too(client, home_page):
    UserFactory(
        username="editor", email="editor@example.cn", password=PASSWORD, is_staff=True, is_superuser=True
    )
    for _n in range(5):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    fresh = Client(REMOTE_ADDR="10.0.0.8")
    assert fresh.post("/admin/login/", {"username": "editor", "password": PASSWORD}).status_code == 429


@pytest.mark.django_db
def test_admin_login_still_works_with_a_username(client, home_page):
    UserFactory(username="editor", password=PASSWORD, is_staff=True, is_superuser=True)
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_logout_is_a_post(client, home_page):
    client.force_login(UserFactory())
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/accounts/")["Location"].startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.django_db
def test_password_change(client, home_page):
    user = UserFactory(password=PASSWORD)
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": "Xinmima-2026!", "new_password2": "Xinmima-2026!"},
    )
    assert response.status_code == 200
    assert "你的旧密码不正确" in response.content.decode()
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Xinmima-2026!", "new_password2": "Xinmima-2026!"},
        follow=True,
    )
    assert "密码已修改" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("Xinmima-2026!")


@pytest.mark.django_db
def test_password_reset_mail_link_sets_a_new_password(client, home_page, django_capture_on_commit_callbacks):
    user = UserFactory(email="wangxm@example.cn", password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        response = client.post("/accounts/password/reset/", {"email": "WangXM@example.cn"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert "请查收邮件" in client.get(response["Location"]).content.decode()
    [message] = mail.outbox
    assert message.to == ["wangxm@example.cn"] and "重设密码" in message.subject
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "设置新密码" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"new_password1": "Xinmima-2026!", "new_password2": "Xinmima-2026!"}
    )
    assert response["Location"] == "/accounts/password/reset/done/"
    user.refresh_from_db()
    assert user.check_password("Xinmima-2026!")
    # The link works once.
    assert "重设链接无效" in client.get(link, follow=True).content.decode()
    # Unknown addresses get the same answer and no mail.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "nobody@example.cn"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
