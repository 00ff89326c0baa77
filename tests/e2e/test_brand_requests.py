"""In real Chromium: a company asks 创孵智询 a question and requests a 双创云超 service, follows the
consultation by the link in its mail, and rates it after staff close it in the admin."""

import re

from django.contrib.auth.models import Group, Permission
from django.core import mail

import pytest

from brand.models import RequestKind, RequestStatus, ServiceCategory, ServiceProvider, ServiceRequest
from core.brands import Brand
from tests.factories import BrandPageFactory, ExpertPageFactory, ServicePageFactory, UserFactory

pytestmark = pytest.mark.e2e


def fill_request_form(page, topic):
    page.get_by_label("主题").fill(topic)
    page.get_by_label("企业名称").fill("上海示例生物科技有限公司")
    page.get_by_label("企业阶段").select_option("startup")
    page.get_by_label("需求描述").fill("公司成立一年，准备融资，希望得到专业建议。")
    page.get_by_label("联系人").fill("李四")
    page.get_by_label("手机号").fill("139 1234 5678")
    page.get_by_label("邮箱").fill("lisi@example.cn")


def test_consult_request_follow_and_rate(live_site, browser_page):
    home = live_site["home"]
    zhixun = BrandPageFactory(parent=home, brand=Brand.ZHIXUN)
    ExpertPageFactory(parent=zhixun, title="王律师")
    yunchao = BrandPageFactory(parent=home, brand=Brand.YUNCHAO)
    provider = ServiceProvider.objects.create(
        name="浦江示例知识产权", slug="pujiang-ip", profile="专利代理。"
    )
    # A flush after an earlier transactional test removes the categories the data migration seeded.
    ServiceCategory.objects.get_or_create(slug="ip", defaults={"name": "知识产权"})
    ServicePageFactory(parent=yunchao, slug="patent", title="专利申请一站式", service_provider=provider)
    page = browser_page
    base = live_site["url"]

    # 1. A consultation from the 智询 page: a first try without consent is refused and keeps the input.
    page.goto(base + "/zhixun/")
    page.get_by_role("link", name="在线提问").first.click()
    page.get_by_label("意向专家").select_option(label="王律师")
    fill_request_form(page, "天使轮估值怎么谈")
    page.get_by_role("button", name="提交咨询").click()
    page.wait_for_load_state()
    assert "请阅读并同意个人信息保护说明" in page.locator("#field-consent").inner_text()
    assert page.get_by_label("主题").input_value() == "天使轮估值怎么谈"
    assert ServiceRequest.objects.count() == 0
    page.get_by_label("我已阅读并同意").check()
    page.get_by_role("button", name="提交咨询").click()
    page.wait_for_url("**/brand/requests/**")
    assert page.locator("[data-request-status]").inner_text() == "新提交"
    consultation = ServiceRequest.objects.get()
    assert consultation.kind == RequestKind.CONSULTATION and consultation.expert.title == "王律师"

    # 2. A service request from the service page goes to its provider.
    page.goto(base + "/yunchao/patent/")
    fill_request_form(page, "申请两件发明专利")
    page.get_by_label("我已阅读并同意").check()
    page.get_by_role("button", name="提交服务申请").click()
    page.wait_for_url("**/brand/requests/**")
    service_request = ServiceRequest.objects.get(kind=RequestKind.SERVICE)
    assert service_request.provider == provider

    # 3. Staff close the consultation in the admin.
    staff = UserFactory(username="zhuanyuan", is_staff=True)
    group = Group.objects.create(name="服务需求专员")
    for codename in ("access_admin", "view_servicerequest", "change_servicerequest"):
        group.permissions.add(Permission.objects.get(codename=codename))
    staff.groups.add(group)
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill("zhuanyuan")
    page.locator("#id_password").fill("secret-pass-123")
    page.locator("button[type=submit]").click()
    page.wait_for_url(base + "/admin/")
    page.goto(base + "/admin/service-requests/")
    page.get_by_role("link", name="天使轮估值怎么谈").click()
    page.locator("form[action$='/reply/'] textarea").fill("建议采用可比公司法，详见附件。")
    page.get_by_role("button", name="发送答复（邮件通知）").click()
    page.wait_for_load_state()
    page.locator("form[action$='/status/'] select").select_option("closed")
    page.get_by_role("button", name="变更（邮件通知）").click()
    page.wait_for_load_state()
    consultation.refresh_from_db()
    assert consultation.status == RequestStatus.CLOSED

    # 4. The requester follows the link in the closing mail and rates the service.
    closing = [m for m in mail.outbox if "已办结" in m.subject and m.to == ["lisi@example.cn"]][-1]
    path = re.search(r"https?://[^/]+(/brand/requests/[^\s]+/)", closing.body).group(1)
    page.context.clear_cookies()
    page.goto(base + path)
    assert page.locator("[data-request-status]").inner_text() == "已办结"
    assert "建议采用可比公司法" in page.content()
    page.get_by_label("4 分").check()
    page.get_by_label("评价（选填）").fill("响应很快")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state()
    assert "您的评分" in page.locator("[data-rating]").inner_text()
    consultation.refresh_from_db()
    assert (consultation.rating, consultation.rating_comment) == (4, "响应很快")
