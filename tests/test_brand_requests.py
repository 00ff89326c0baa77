"""创孵智询 / 双创云超 / 创孵驿站 requests: the public forms (validation, nothing saved on error, double submit,
rate limit, honeypot), the workflow and its mails, internal notes, the signed link, withdrawal, ratings and
我的创孵. Runs on real PostgreSQL; mails go through the outbox with the immediate task backend."""

import datetime
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from brand import inbox
from brand.links import request_path, request_token
from brand.models import MessageKind, RequestKind, RequestStatus, ServiceProvider, ServiceRequest
from core.brands import Brand
from tests.factories import (
    BrandPageFactory,
    ExpertPageFactory,
    ServicePageFactory,
    UserFactory,
)
from worker.models import OutgoingMail

S = RequestStatus


@pytest.fixture
def brands(home_page):
    return {
        brand: BrandPageFactory(parent=home_page, brand=brand)
        for brand in (Brand.ZHIXUN, Brand.YUNCHAO, Brand.YIZHAN)
    }


@pytest.fixture
def provider(db):
    return ServiceProvider.objects.create(name="浦江示例知识产权", slug="pujiang-ip", profile="专利代理。")


@pytest.fixture
def service(brands, provider):
    return ServicePageFactory(
        parent=brands[Brand.YUNCHAO], title="专利申请一站式", service_provider=provider, response_hours=24
    )


@pytest.fixture
def expert(brands):
    return ExpertPageFactory(parent=brands[Brand.ZHIXUN], title="王律师")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def form_key(client, html):
    """The form's submission key: a member's page carries its own; the anonymous reader's cached page has none,
    and the browser fetches this visitor's from /registration/form-key/ (theme/js/forms.js)."""
    own = re.search(r'name="submission_key" value="([0-9a-f]+)"', html)
    if own:
        return own.group(1)
    assert f'data-form-key="{reverse("registrations:form_key")}"' in html
    return client.get(reverse("registrations:form_key")).json()["key"]


def form_data(client, url, **overrides):
    """The page's form as a browser would send it: its submission key plus valid answers."""
    html = client.get(url).content.decode()
    key = form_key(client, html)
    data = {
        "submission_key": key,
        "topic": "天使轮融资估值咨询",
        "company_name": "上海示例生物科技有限公司",
        "stage": "startup",
        "need": "公司成立一年，准备天使轮融资，想了解估值方法。",
        "contact_name": "李四",
        "mobile": "139 1234 5678",
        "email": "Li.Si@Example.cn",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit_url(page):
    return reverse("brand:submit", args=[page.pk])


@pytest.mark.django_db
def test_consultation_from_the_zhixun_page(client, brands, expert, commit, settings):
    page = brands[Brand.ZHIXUN]
    response = client.get(page.url)
    assert response["Cache-Control"].startswith("public")  # the anonymous form: no key nor token of its own
    html = response.content.decode()
    assert f'action="{submit_url(page)}"' in html
    assert "王律师" in html  # the preferred-expert choice
    data = form_data(client, page.url, expert=str(expert.pk))
    before = timezone.now()
    with commit():
        response = client.post(submit_url(page), data)
    [request] = ServiceRequest.objects.all()
    assert response.status_code == 302 and response["Location"] == request_path(request)
    assert request.kind == RequestKind.CONSULTATION and request.status == S.NEW
    assert request.mobile == "13912345678" and request.email == "li.si@example.cn"
    assert request.expert_id == expert.pk
    assert request.privacy_version == settings.PRIVACY_NOTICE_VERSION
    assert before <= request.privacy_consented_at <= timezone.now()
    assert request.due_at - request.created_at == datetime.timedelta(
        hours=settings.BRAND_CONSULTATION_RESPONSE_HOURS
    )
    [message] = mail.outbox
    assert message.to == ["li.si@example.cn"] and "天使轮融资估值咨询" in message.subject
    assert request_path(request) in message.body
    detail = client.get(response["Location"])
    assert detail.status_code == 200 and "no-cache" in detail["Cache-Control"]
    assert "天使轮融资估值咨询" in detail.content.decode()


@pytest.mark.django_db
def test_expert_page_sends_a_consultation_for_that_expert(client, expert, commit):
    with commit():
        client.post(submit_url(expert), form_data(client, expert.url))
    request = ServiceRequest.objects.get()
    assert request.expert_id == expert.pk and request.kind == RequestKind.CONSULTATION


@pytest.mark.django_db
def test_service_request_goes_to_its_provider_with_its_promised_time(client, service, provider, commit):
    with commit():
        client.post(submit_url(service), form_data(client, service.url, topic="申请专利布局"))
    request = ServiceRequest.objects.get()
    assert request.kind == RequestKind.SERVICE
    assert request.service_id == service.pk and request.provider == provider
    assert request.due_at - request.created_at == datetime.timedelta(hours=24)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"topic": ""}, "topic", "请填写主题。"),
        ({"mobile": "12345"}, "mobile", "请输入11位中国大陆手机号"),
        ({"email": "not-an-address"}, "email", "邮箱格式不正确。"),
        ({"stage": "bogus"}, "stage", "请选择企业阶段。"),
        ({"consent": None}, "consent", "请阅读并同意个人信息保护说明。"),
        ({"need": "长" * 2001}, "need", "需求描述最多 2000 个字。"),
    ],
)
def test_invalid_submissions_say_why_in_chinese_and_save_nothing(client, brands, overrides, field, message):
    page = brands[Brand.ZHIXUN]
    response = client.post(submit_url(page), form_data(client, page.url, **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "未提交，请修改以下问题" in html
    assert field in response.context["request_form"].errors
    assert ServiceRequest.objects.count() == 0 and OutgoingMail.objects.count() == 0


@pytest.mark.django_db
def test_double_submit_makes_one_request(client, brands, commit):
    page = brands[Brand.ZHIXUN]
    data = form_data(client, page.url)
    with commit():
        first = client.post(submit_url(page), data)
        second = client.post(submit_url(page), data)
    assert ServiceRequest.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert len(mail.outbox) == 1
    # The same key from someone else is refused rather than showing them the first person's request.
    third = client.post(submit_url(page), {**data, "mobile": "13800000000"})
    assert third.status_code == 400 and ServiceRequest.objects.count() == 1


@pytest.mark.django_db
def test_rate_limit(client, brands, settings):
    settings.BRAND_REQUEST_RATE_LIMIT = (2, 600)
    page = brands[Brand.ZHIXUN]
    for n in range(2):
        assert client.post(submit_url(page), form_data(client, page.url, topic=f"问题{n}")).status_code == 302
    response = client.post(submit_url(page), form_data(client, page.url, topic="第三个"))
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert ServiceRequest.objects.count() == 2


@pytest.mark.django_db
def test_honeypot_saves_nothing_and_is_out_of_keyboard_reach(client, brands):
    page = brands[Brand.ZHIXUN]
    html = client.get(page.url).content.decode()
    wrapper = re.search(r'<div class="hp-field" aria-hidden="true">.*?</div>', html, re.S).group(0)
    field = re.search(r"<input[^>]*name=\"website\"[^>]*>", wrapper).group(0)
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field
    response = client.post(submit_url(page), form_data(client, page.url, website="http://spam.example"))
    assert response.status_code == 200 and "已收到" in response.content.decode()
    assert ServiceRequest.objects.count() == 0 and OutgoingMail.objects.count() == 0


@pytest.mark.django_db
def test_registration_form_honeypot_is_out_of_keyboard_reach():
    from registrations.forms import RegistrationForm

    html = str(RegistrationForm(target=None)["website"])
    assert 'tabindex="-1"' in html and 'autocomplete="off"' in html


@pytest.mark.django_db
def test_pages_without_a_form_refuse_posts(client, brands, home_page):
    shalong = BrandPageFactory(parent=home_page, brand=Brand.SHALONG)
    assert client.post(submit_url(shalong), {}).status_code == 404
    assert client.post(submit_url(home_page), {}).status_code == 404
    assert client.get(submit_url(brands[Brand.ZHIXUN])).status_code == 405


def make_request(**kwargs):
    sub = inbox.Submission(
        kind=kwargs.pop("kind", RequestKind.CONSULTATION),
        topic=kwargs.pop("topic", "股权结构设计"),
        company_name="示例科技",
        stage="startup",
        need="三位创始人如何分配股权？",
        contact_name="王五",
        mobile=kwargs.pop("mobile", "13700000001"),
        email=kwargs.pop("email", "wang5@example.cn"),
        **kwargs,
    )
    return inbox.submit(sub)[0]


@pytest.mark.django_db
def test_workflow_mails_every_status_change_and_never_an_internal_note(client, brands, commit):
    staff = UserFactory(is_staff=True)
    with commit():
        request = make_request()
    with commit():
        inbox.add_note(request, "内部备注：客户此前投诉过，请主任亲自跟进", by=staff)
        inbox.assign(request, staff, by=staff)
        inbox.change_status(request, S.IN_PROGRESS, by=staff)
        inbox.reply(request, "建议采用动态股权方案，详见附件说明。", by=staff)
        inbox.change_status(request, S.CLOSED, by=staff, body="已电话沟通，问题解决。")
    request.refresh_from_db()
    assert request.status == S.CLOSED and request.closed_at and request.first_response_at
    statuses = list(request.messages.filter(kind=MessageKind.STATUS).values_list("status", flat=True))
    assert statuses == [S.NEW, S.ASSIGNED, S.IN_PROGRESS, S.REPLIED, S.CLOSED]
    assert len(mail.outbox) == 5  # received, assigned, in progress, replied, closed
    assert "已分派" in mail.outbox[1].subject and "已办结" in mail.outbox[4].subject
    assert "建议采用动态股权方案" in mail.outbox[3].body
    for message in mail.outbox:
        assert "内部备注" not in message.body and "内部备注" not in message.alternatives[0][0]
    html = client.get(request_path(request)).content.decode()
    assert "建议采用动态股权方案" in html and "已电话沟通" in html
    assert "内部备注" not in html and "主任亲自跟进" not in html
    with pytest.raises(inbox.RequestRefused):
        inbox.change_status(request, S.IN_PROGRESS, by=staff)


@pytest.mark.django_db
def test_signed_link_cannot_be_guessed_or_reused_for_another_request(client, brands):
    a = make_request(topic="甲的需求")
    b = make_request(topic="乙的需求", mobile="13700000002", email="b@example.cn")
    token_a = request_token(a)
    assert client.get(reverse("brand:request", args=[token_a])).status_code == 200
    code, signature = token_a.split(":")
    for forged in (f"{b.code}:{signature}", b.code, f"{code}:{signature[:-1]}x", "1", f"{b.pk}"):
        assert client.get(reverse("brand:request", args=[forged])).status_code == 404
        assert client.post(reverse("brand:withdraw", args=[forged])).status_code == 404
    b.refresh_from_db()
    assert b.status == S.NEW


@pytest.mark.django_db
def test_requester_adds_a_message_then_withdraws(client, brands, commit):
    request = make_request()
    token = request_token(request)
    response = client.post(reverse("brand:message", args=[token]), {"body": ""})
    assert response.status_code == 400 and "请填写补充说明。" in response.content.decode()
    client.post(reverse("brand:message", args=[token]), {"body": "补充：已有两项专利。"})
    assert request.messages.filter(kind=MessageKind.REQUESTER, body="补充：已有两项专利。").exists()
    with commit():
        client.post(reverse("brand:withdraw", args=[token]))
    request.refresh_from_db()
    assert request.status == S.WITHDRAWN
    assert "已撤回" in mail.outbox[-1].subject
    # Closed for messages and rating now.
    client.post(reverse("brand:message", args=[token]), {"body": "再补充"})
    assert not request.messages.filter(body="再补充").exists()


@pytest.mark.django_db
def test_rating_only_after_closing_once_and_within_1_to_5(client, brands):
    staff = UserFactory(is_staff=True)
    request = make_request()
    token = request_token(request)
    client.post(reverse("brand:rate", args=[token]), {"rating": "5"})
    request.refresh_from_db()
    assert request.rating is None
    inbox.change_status(request, S.CLOSED, by=staff)
    assert client.post(reverse("brand:rate", args=[token]), {"rating": "9"}).status_code == 400
    client.post(reverse("brand:rate", args=[token]), {"rating": "4", "comment": "响应很快"})
    client.post(reverse("brand:rate", args=[token]), {"rating": "1"})
    request.refresh_from_db()
    assert (request.rating, request.rating_comment) == (4, "响应很快")
    assert "您的评分" in client.get(reverse("brand:request", args=[token])).content.decode()


@pytest.mark.django_db
def test_logged_in_requests_are_listed_in_my_chuangfu(client, brands):
    user = UserFactory(email="member@example.cn")
    client.force_login(user)
    page = brands[Brand.ZHIXUN]
    client.post(submit_url(page), form_data(client, page.url, topic="我的融资问题"))
    request = ServiceRequest.objects.get()
    assert request.user == user
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert "我的服务需求" in html and "我的融资问题" in html
    assert reverse("brand:request", args=[request_token(request)]) in html
    other = UserFactory(email="other@example.cn")
    client.force_login(other)
    assert "我的融资问题" not in client.get(reverse("accounts:dashboard")).content.decode()


@pytest.mark.django_db
def test_deleting_the_account_withdraws_open_requests_and_forgets_the_person(brands):
    from accounts import hooks as account_hooks

    user = UserFactory(email="leaving@example.cn")
    other = UserFactory(email="staying@example.cn")
    open_request = make_request(user=user, topic="仍在办理")
    closed = make_request(user=user, topic="已经办结", mobile="13700000002")
    inbox.change_status(closed, RequestStatus.CLOSED, by=None)
    inbox.add_requester_message(open_request, "我的手机号换成 13911112222 了")
    kept = make_request(user=other, topic="别人的需求", mobile="13700000003", email="staying@example.cn")
    mails_before = OutgoingMail.objects.count()

    account_hooks.delete_account(user)

    open_request.refresh_from_db()
    closed.refresh_from_db()
    assert open_request.status == RequestStatus.WITHDRAWN and open_request.closed_at is not None
    assert closed.status == RequestStatus.CLOSED
    for request in (open_request, closed):
        assert (request.user, request.contact_name, request.mobile, request.email) == (
            None,
            "已注销用户",
            "",
            "",
        )
        assert request.topic in ("仍在办理", "已经办结")  # the service's record stays
    assert "13911112222" not in "".join(open_request.messages.values_list("body", flat=True))
    assert OutgoingMail.objects.count() == mails_before  # no mail to an address being forgotten
    kept.refresh_from_db()
    assert (kept.user, kept.mobile) == (other, "13700000003")


@pytest.mark.django_db
def test_guest_requests_join_the_account_when_its_email_is_verified(brands):
    from accounts import hooks as account_hooks

    guest = make_request(email="Guest@Example.cn", topic="游客提交")
    someone_else = make_request(email="else@example.cn", mobile="13700000004")
    user = UserFactory(email="guest@example.cn")
    account_hooks.email_verified(user)
    guest.refresh_from_db()
    someone_else.refresh_from_db()
    assert guest.user == user and someone_else.user is None
