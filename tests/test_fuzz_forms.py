"""Every public form, submitted with fields missing, repeated or holding hostile values (see tests/fuzzing.py):
never a server error; a rejected submission writes no row (only the counters that exist to count attempts:
rate limits, login failures, wrong verification codes); an accepted one stores clean values that every page
and export showing them can handle."""

import datetime
import re
import uuid
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from accounts.mobile import _hash
from accounts.models import MobileVerification
from registrations.forms import normalise_mobile
from registrations.links import registration_from_token
from registrations.models import RateCounter, Registration
from tests.factories import UserFactory
from tests.fuzzing import (
    FUZZ,
    assert_no_server_error,
    form_bodies,
    module_site,
    one_example,
    post_form,
    single_faults,
    sweep,
    values_of,
    written_tables,
)

User = get_user_model()
USERS = User._meta.db_table
MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
LONG_EMAIL = "a" * 250 + "@example.cn"
EMAILS = [
    LONG_EMAIL,
    "a@" + "b" * 250 + ".cn",
    "A@EXAMPLE.CN",
    "a@b",
    "用户@例子.中国",
    "a@xn--fsqu00a.xn--fiqs8s",
]
MOBILES = [
    "１３９１２３４５６７８",
    "١٣٩١٢٣٤٥٦٧٨",
    "+86 139-1234-5678",
    "0086 13912345678",
    "139123456789",
    "1391234567８",
]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with module_site(django_db_blocker) as built:
        yield built


def last(pairs, name):
    """The value Django's QueryDict.get() reads: the last one sent under that name."""
    values = values_of(pairs, name)
    return values[-1] if values else None


def fuzz(submit, bodies, *examples):
    """Hypothesis over `bodies` (and the given `examples` first)."""
    test = given(bodies)(submit)
    for pairs in examples:
        test = example(pairs)(test)
    FUZZ(test)()


def rejected(response, accepted_at):
    if response.status_code == 302:
        assert accepted_at(response["Location"]), response["Location"]
        return False
    return True


# Event registration ---------------------------------------------------------------------------------------


def registration_form(site):
    return {
        "name": ["张三"],
        "mobile": ["13912345678"],
        "email": ["zhang@example.cn"],
        "organisation": ["某科技有限公司"],
        "job_title": ["创始人"],
        "companions": ["1"],
        "q1": ["初创期"],
        "q2": ["集成电路", "生物医药"],
        "q3": ["10"],
        "q4": ["5"],
        "q5": ["希望认识投资人"],
        "consent": ["on"],
        "website": [""],
        "submission_key": [uuid.uuid4().hex],
    }


CONTROL_IN_NAME = [
    ("name", "张\x1b三"),
    ("mobile", "13912345678"),
    ("email", "zhang@example.cn"),
    ("q1", "初创期"),
    ("consent", "on"),
]
REGISTRATION_HOSTILE = {
    "mobile": [*MOBILES, "13900000000"],  # the last one has registered already
    "email": [*EMAILS, "person0@example.cn"],
    "companions": ["2", "3", "-1", "9" * 30, "1.0", "١", "٢"],
    "q1": ["成长期", "初创期 "],
    "q3": ["0", "101", "1e2", "٣", "9" * 4000],
    "q4": [str(2**63), "-" + "9" * 30, "9" * 4000, "1_000"],
    "submission_key": ["k" * 32, "x" * 65],  # someone else's key; too long
    "website": ["http://spam.example/"],
    "consent": ["off", "false", "0"],
}


@pytest.mark.django_db
def test_event_registration_form(client, site):
    event = site.pages["event"]
    url = event.url + "register/"
    target = event.registration_target
    staff = Client()
    staff.force_login(UserFactory(is_superuser=True, is_staff=True))

    form = registration_form(site)

    def submit_as(pairs, logged_in):
        with one_example():
            if logged_in:
                client.force_login(site.users["member"])
            before = Registration.objects.count()
            with written_tables() as written:
                response = post_form(client, url, pairs)
            assert_no_server_error(response)
            if rejected(response, lambda location: location.startswith("/registration/")):
                assert written <= {RateCounter._meta.db_table}, written
                assert Registration.objects.count() == before
                return
            registration = registration_from_token(response["Location"].split("/")[2])
            # Never someone else's registration (a replayed form key hands back only one's own).
            assert registration.mobile == normalise_mobile(last(pairs, "mobile"))
            assert MOBILE.match(registration.mobile)
            assert registration.email == registration.email.strip().lower() and len(registration.email) <= 254
            assert 1 <= registration.party_size <= 3
            pages = [response["Location"], *(["/accounts/"] if logged_in else [])]
            for page in pages:
                assert client.get(page).status_code == 200
            assert staff.get(f"/admin/registrations/{target.pk}/").status_code == 200
            for file_format in ("csv", "xlsx"):
                export = staff.get(f"/admin/registrations/{target.pk}/export.{file_format}")
                assert export.status_code == 200

    def submit(pairs):
        submit_as(pairs, logged_in=False)

    sweep(submit, single_faults(form, REGISTRATION_HOSTILE))
    # The XLSX export was a 500 for this one: openpyxl refuses control characters.
    fuzz(submit, form_bodies(form, REGISTRATION_HOSTILE), CONTROL_IN_NAME)
    FUZZ(given(form_bodies(form, REGISTRATION_HOSTILE), st.just(True))(submit_as))()


# Accounts: sign up, log in, reset --------------------------------------------------------------------------

SIGNUP = {
    "name": ["新用户"],
    "email": ["new.person@example.cn"],
    "mobile": ["13612345678"],
    "password1": ["Chuangfu-2026!"],
    "password2": ["Chuangfu-2026!"],
    "consent": ["on"],
    "website": [""],
}
SIGNUP_HOSTILE = {
    "email": [*EMAILS, "user0@example.cn"],
    "mobile": [*MOBILES, "13800000000"],  # the last one is the member's
    "password1": ["12345678", "password", "a", "x" * 5000],
    "password2": ["chuangfu-2026!"],
    "consent": ["off"],
    "website": ["http://spam.example/"],
}


@pytest.mark.django_db
def test_signup_form(client, site):
    def submit(pairs):
        with one_example():
            before = User.objects.count()
            with written_tables() as written:
                response = post_form(client, "/accounts/signup/", pairs)
            assert_no_server_error(response)
            if rejected(response, lambda location: location == reverse("accounts:signup_done")):
                assert not written, written
                assert User.objects.count() == before
                return
            user = User.objects.order_by("-pk").first()
            assert User.objects.count() == before + 1
            assert MOBILE.match(user.mobile)
            assert user.email == user.email.lower() and len(user.email) <= 254
            assert 0 < len(user.name) <= 50
            assert_no_server_error(client.get(reverse("accounts:signup_done")))

    sweep(submit, single_faults(SIGNUP, SIGNUP_HOSTILE))
    fuzz(submit, form_bodies(SIGNUP, SIGNUP_HOSTILE))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/", "/django-admin/login/"])
def test_login_form(client, site, url):
    member = site.users["member"]
    form = {"username": [member.email], "password": ["secret-pass-123"], "next": ["/accounts/profile/"]}
    hostile = {
        "username": [
            member.mobile,
            member.username,
            "１３８０００００００００",
            member.email.upper(),
            *EMAILS,
        ],
        "password": ["secret-pass-123 ", "x" * 5000],
        "next": [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "http:evil",
        ],
    }

    def submit(pairs):
        with one_example():
            with written_tables() as written:
                response = post_form(client, url, pairs)
            assert_no_server_error(response)
            # Logging in never leads off the site, whatever `next` says.
            if rejected(response, lambda location: not urlsplit(location).netloc):
                assert {table for table in written if not table.startswith("axes_")} <= set(), written

    sweep(submit, single_faults(form, hostile))
    fuzz(submit, form_bodies(form, hostile))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "done"),
    [
        ("/accounts/password/reset/", "/accounts/password/reset/sent/"),
        ("/admin/password_reset/", "/admin/password_reset/done/"),
    ],
)
def test_password_reset_request(client, site, url, done):
    member = site.users["member"]
    form = {"email": [member.email]}
    hostile = {"email": [*EMAILS, member.email.upper(), member.mobile]}

    def submit(pairs):
        mail.outbox.clear()
        with one_example():
            with written_tables() as written:
                response = post_form(client, url, pairs)
            assert_no_server_error(response)
            # A reset request stores nothing but the mail it queues (the worker's outbox): the link is signed.
            accepted = not rejected(response, lambda location: location == done)
            assert not (written - ({"worker_outgoingmail"} if accepted else set())), written
            if not accepted:
                assert not mail.outbox

    sweep(submit, single_faults(form, hostile))
    fuzz(submit, form_bodies(form, hostile))


# Accounts: the logged-in forms -------------------------------------------------------------------------------


def user_row(user):
    return User.objects.filter(pk=user.pk).values().first()


@pytest.mark.django_db
def test_profile_form(client, site):
    member = site.users["member"]
    carrier = site.pages["carrier"]
    form = {
        "name": ["张三"],
        "organisation": ["某科技有限公司"],
        "position": ["总经理"],
        "carrier": [str(carrier.pk)],
    }
    hostile = {
        "carrier": [str(site.pages["home"].pk), "0", "-1", str(2**31), str(2**63), "9" * 30, "1.0", "", "١"],
    }

    def submit(pairs):
        with one_example():
            client.force_login(member)
            before = user_row(member)
            with written_tables() as written:
                response = post_form(client, "/accounts/profile/", pairs)
            assert_no_server_error(response)
            if rejected(response, lambda location: location == reverse("accounts:profile")):
                assert USERS not in written
                assert user_row(member) == before
                return
            after = user_row(member)
            assert 0 < len(after["name"]) <= 50
            assert after["carrier_id"] in (None, carrier.pk)
            assert_no_server_error(client.get(reverse("accounts:profile")))
            assert_no_server_error(client.get(reverse("accounts:download_data")))

    sweep(submit, single_faults(form, hostile))
    fuzz(submit, form_bodies(form, hostile))


@pytest.mark.django_db
def test_mobile_verification_forms(client, site, settings, tmp_path):
    settings.ACCOUNTS_SMS_FILE_PATH = tmp_path
    member = site.users["member"]
    send = {"action": ["send"], "mobile": ["13512345678"]}
    confirm = {"action": ["confirm"], "code": ["123456"]}
    hostile = {
        "mobile": [*MOBILES, "13700000000"],  # the last one is another account's
        "code": ["12345", "1234567", "１２３４５６", "١٢٣٤٥٦", "①②③④⑤⑥", "12345６", "000000"],
        "action": ["send", "confirm", ""],
    }

    def pending_code():
        mobile = "13512345678"
        MobileVerification.objects.create(
            user=member,
            mobile=mobile,
            code_hash=_hash(mobile, member.pk, "123456"),
            expires_at=timezone.now() + datetime.timedelta(minutes=10),
        )

    def submit(pairs):
        with one_example():
            client.force_login(member)
            if last(pairs, "action") != "send":
                pending_code()
            before = user_row(member)
            codes = MobileVerification.objects.count()
            with written_tables() as written:
                response = post_form(client, "/accounts/mobile/", pairs)
            assert_no_server_error(response)
            accepted = ("/accounts/mobile/", reverse("accounts:dashboard"))
            if rejected(response, lambda location: location in accepted):
                # A wrong code counts as a try (an update of the code's row); nothing else changes.
                assert written <= {MobileVerification._meta.db_table}, written
                assert MobileVerification.objects.count() == codes
                assert user_row(member) == before
                return
            assert MOBILE.match(User.objects.get(pk=member.pk).mobile)

    for form in (send, confirm):
        sweep(submit, single_faults(form, hostile))
        fuzz(submit, form_bodies(form, hostile))


PASSWORD_FORMS = {
    "/accounts/password/": (
        {
            "old_password": ["secret-pass-123"],
            "new_password1": ["Chuangfu-2026!"],
            "new_password2": ["Chuangfu-2026!"],
        },
        "accounts:dashboard",
    ),
    "/accounts/delete/": ({"password": ["secret-pass-123"], "confirm": ["on"]}, "accounts:deleted"),
}
PASSWORD_HOSTILE = {
    "old_password": ["secret-pass-124", "x" * 5000],
    "new_password1": ["12345678", "x" * 5000],
    "password": ["secret-pass-124", "x" * 5000],
    "confirm": ["off"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", PASSWORD_FORMS)
def test_password_change_and_account_deletion(client, site, url):
    member = site.users["member"]
    form, done = PASSWORD_FORMS[url]

    def submit(pairs):
        with one_example():
            client.force_login(member)
            before = user_row(member)
            with written_tables() as written:
                response = post_form(client, url, pairs)
            assert_no_server_error(response)
            if rejected(response, lambda location: location == reverse(done)):
                assert USERS not in written, written
                assert user_row(member) == before

    sweep(submit, single_faults(form, PASSWORD_HOSTILE))
    fuzz(submit, form_bodies(form, PASSWORD_HOSTILE))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/accounts/privacy/consent/", "/accounts/verify-email/resend/", "/accounts/logout/", "/accounts/"]
)
@pytest.mark.parametrize("logged_in", [False, True])
def test_bodiless_account_posts(client, site, url, logged_in):
    """Forms with no fields of their own, posted with any body: never a server error."""

    def submit(pairs):
        with one_example():
            if logged_in:
                client.force_login(site.users["member"])
            response = post_form(client, url, pairs)
            assert_no_server_error(response)
            if response.status_code == 302:
                assert not urlsplit(response["Location"]).netloc

    sweep(
        submit,
        single_faults({"next": ["/accounts/"]}, {"next": ["//evil.example/", "https://evil.example/"]}),
    )
    fuzz(submit, form_bodies({"next": ["/accounts/"]}))


# Links from mails and restricted pages --------------------------------------------------------------------

RESET = {"new_password1": ["Chuangfu-2026!"], "new_password2": ["Chuangfu-2026!"]}
RESET_HOSTILE = {"new_password1": ["12345678", "x" * 5000, "chuangfu-2026!"], "new_password2": ["x" * 5000]}


@pytest.mark.django_db
def test_password_reset_confirm_form(client, site):
    member = User.objects.get(pk=site.users["member"].pk)  # as stored: other tests' logins touched last_login
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    link = reverse("accounts:password_reset_confirm", args=[uid, default_token_generator.make_token(member)])
    form_url = reverse("accounts:password_reset_confirm", args=[uid, "set-password"])

    def submit(pairs):
        with one_example():
            assert client.get(link)["Location"] == form_url  # the token moves into the session
            before = user_row(member)
            with written_tables() as written:
                response = post_form(client, form_url, pairs)
            assert_no_server_error(response)
            if rejected(response, lambda location: location == reverse("accounts:password_reset_complete")):
                assert USERS not in written, written
                assert user_row(member) == before

    sweep(submit, single_faults(RESET, RESET_HOSTILE))
    fuzz(submit, form_bodies(RESET, RESET_HOSTILE))


@pytest.mark.django_db
def test_page_password_form(client, site):
    """Wagtail's form for a password-protected page: never a 500, never a redirect off the site."""
    page = site.pages["members_only"]
    restriction = site.values["restriction"]
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    form = {"password": ["kaimen-2026"], "return_url": [page.url]}
    hostile = {
        "password": ["kaimen-2026 ", "KAIMEN-2026", "x" * 5000],
        "return_url": ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"],
    }

    def submit(pairs):
        with one_example():
            response = post_form(client, url, pairs)
            assert_no_server_error(response)
            if response.status_code == 302:
                assert not urlsplit(response["Location"]).netloc
                assert_no_server_error(client.get(page.url))

    # A return_url without a slash ("孵…") was a 500: Wagtail's redirect took it for a URL name.
    sweep(submit, single_faults(form, hostile))
    fuzz(submit, form_bodies(form, hostile))
    response = client.post(url, {"password": "kaimen-2026", "return_url": page.url})
    assert response["Location"] == page.url
    assert client.get(page.url).context["page"] == page  # the page itself, no longer the password form


@pytest.mark.django_db
def test_cancel_and_claim_with_a_valid_link(client, site):
    """The signed link's cancel (from 我的创孵 with `next`) and claim forms, posted with any body."""
    token = site.values["token"]
    form = {"next": ["/accounts/"]}
    hostile = {"next": ["//evil.example/", "https://evil.example/", "/\\evil.example", "accounts:dashboard"]}

    def submit(pairs):
        for action in ("cancel", "claim"):
            with one_example():
                response = post_form(client, f"/registration/{token}/{action}/", pairs)
                assert_no_server_error(response)
                assert response.status_code == 302
                assert not urlsplit(response["Location"]).netloc

    # next="a\x00b" (any text without a slash) was a 500: redirect() took it for a URL name.
    sweep(submit, single_faults(form, hostile))
    fuzz(submit, form_bodies(form, hostile))
