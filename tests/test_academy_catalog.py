"""浦东孵化学堂's public catalogue: where its pages may live, the course and mentor listings (filters, counts,
pagination, query bounds), the course page (sessions, seats, meetings, JSON-LD), the mentor page, privacy,
site search (real Elasticsearch and the database fallback), the 创孵学堂 brand page as the academy's front
door, and the demo step.
"""

import ast
import datetime
import io
import json
import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from academy.models import CourseIndexPage, CoursePage, CourseSession, MentorIndexPage, MentorPage, Track
from academy.models.catalog import open_for_enrollment, session_state
from brand.models import BrandPage
from core.brands import Brand
from events.models import EventType
from home.models import HomePage
from registrations.models import Registration, RegistrationStatus
from search.es import content_alias
from search.fallback import search_pages
from search.registry import get as get_searchable
from search.testing import rebuild, reset_index
from tests.factories import (
    BrandPageFactory,
    CourseIndexPageFactory,
    CoursePageFactory,
    CourseSessionFactory,
    EventIndexPageFactory,
    EventPageFactory,
    HomePageFactory,
    MentorIndexPageFactory,
    MentorPageFactory,
    RegistrationFactory,
    SiteSettingsFactory,
    UserFactory,
)
from tests.factories.academy import at

REPO = Path(settings.REPO_DIR)
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def xuetang(home_page):
    return BrandPageFactory(parent=home_page, brand=Brand.XUETANG)


@pytest.fixture
def academy(xuetang):
    return {
        "brand": xuetang,
        "courses": CourseIndexPageFactory(parent=xuetang, slug="kecheng"),
        "mentors": MentorIndexPageFactory(parent=xuetang, slug="daoshi"),
    }


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, response.content.decode()


def titles(response):
    return [item.title for item in response.context["listing"].items]


def counts(response, param):
    return {o.label: o.count for o in response.context["listing"].facet(param).options}


def fill(session, people, status=RegistrationStatus.CONFIRMED):
    for _ in range(people):
        RegistrationFactory(target=session.registration_target, status=status)


def past_session(course, **kwargs):
    start = at(-20)
    return CourseSessionFactory(
        course=course,
        enrollment_opens_at=at(-40),
        enrollment_closes_at=at(-21),
        meetings=[{"starts_at": start, "ends_at": start + datetime.timedelta(hours=3), "venue": "张江"}],
        **kwargs,
    )


def jsonld(html):
    blocks = JSONLD.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


# Page types: where each may be created ------------------------------------------------------------------


@pytest.mark.django_db
def test_index_pages_live_only_under_the_xuetang_brand_page_once(home_page, xuetang):
    zhixun = BrandPageFactory(parent=home_page, brand=Brand.ZHIXUN)
    for model in (CourseIndexPage, MentorIndexPage):
        assert model.can_create_at(xuetang)
        assert model.can_create_at(Page.objects.get(pk=xuetang.pk))  # as the admin's tree gives it
        assert not model.can_create_at(zhixun)
        assert not model.can_create_at(home_page)
    CourseIndexPageFactory(parent=xuetang)
    assert not CourseIndexPage.can_create_at(xuetang)  # one catalogue per brand page
    assert MentorIndexPage.can_create_at(xuetang)
    assert CoursePage.allowed_subpage_models() == [] and MentorPage.allowed_subpage_models() == []


class TestAcademyPagesInTheAdmin(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory(parent=Page.get_first_root_node(), slug="chuangfu")
        site = Site.objects.get(is_default_site=True)
        site.root_page = cls.home
        site.hostname = "testserver"
        site.save()
        SiteSettingsFactory(site=site)
        cls.xuetang = BrandPageFactory(parent=cls.home, brand=Brand.XUETANG)
        cls.zhixun = BrandPageFactory(parent=cls.home, brand=Brand.ZHIXUN)
        cls.course_index = CourseIndexPageFactory(parent=cls.xuetang)
        cls.mentor_index = MentorIndexPageFactory(parent=cls.xuetang)
        cls.admin = UserFactory(username="root", is_superuser=True, is_staff=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def test_parent_and_child_types(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {BrandPage})
        self.assertAllowedParentPageTypes(MentorIndexPage, {BrandPage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedParentPageTypes(MentorPage, {MentorIndexPage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedSubpageTypes(MentorIndexPage, {MentorPage})
        self.assertCanCreateAt(CourseIndexPage, CoursePage)
        self.assertCanNotCreateAt(HomePage, CourseIndexPage)
        self.assertCanNotCreateAt(MentorIndexPage, CoursePage)
        self.assertCanNotCreateAt(CourseIndexPage, MentorPage)

    def test_admin_add_page_offers_the_indexes_under_xuetang_only(self):
        html = self.client.get(f"/admin/pages/{self.zhixun.pk}/add_subpage/").content.decode()
        assert "/add/academy/courseindexpage/" not in html
        # Both exist under xuetang already, so they are not offered there again either.
        html = self.client.get(f"/admin/pages/{self.xuetang.pk}/add_subpage/").content.decode()
        assert "/add/academy/courseindexpage/" not in html

    def test_create_mentor_and_course(self):
        ip, transfer = Track.objects.filter(slug__in=["ip", "transfer"]).order_by("slug")
        data = nested_form_data(
            {
                "title": "韩老师",
                "slug": "han",
                "position": "主任",
                "organisation": "高校技术转移中心",
                "is_leader": True,
                "photo": "",
                "summary": "组织完成数百项成果转化。",
                "bio": rich_text("<p>负责成果转化。</p>"),
            }
        )
        data["tracks"] = [transfer.pk]
        self.assertCanCreate(self.mentor_index, MentorPage, data)
        mentor = MentorPage.objects.get(slug="han")
        self.assertTrue(mentor.is_leader)

        data = nested_form_data(
            {
                "title": "科技成果转化实务入门",
                "slug": "rumen",
                "summary": "系统梳理成果转化。",
                "course_format": "hybrid",
                "hours": "6",
                "credits": "0.5",
                "fee": "",
                "featured": False,
                "audience": "孵化从业人员",
                "outcomes": "会评估成果价值",
                "syllabus": streamfield(
                    [("module", {"title": "政策与路径", "hours": "3", "description": "政策要点"})]
                ),
                "completion_rate": "80",
                "requires_approval": False,
                "cover_image": "",
                "body": streamfield([]),
            }
        )
        data["tracks"] = [ip.pk, transfer.pk]
        data["mentors"] = [mentor.pk]
        self.assertCanCreate(self.course_index, CoursePage, data)
        course = CoursePage.objects.get(slug="rumen")
        self.assertEqual(sorted(t.slug for t in course.tracks.all()), ["ip", "transfer"])
        self.assertEqual([m.pk for m in course.mentors.all()], [mentor.pk])
        self.assertEqual(course.syllabus[0].value["hours"], Decimal("3"))

    def test_pages_render(self):
        mentor = MentorPageFactory(parent=self.mentor_index)
        course = CoursePageFactory(parent=self.course_index, mentors=[mentor])
        CourseSessionFactory(course=course)
        for page in (self.course_index, self.mentor_index, course, mentor, self.xuetang):
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRenderable(page)


# The course listing ------------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(academy):
    index = academy["courses"]
    courses = {
        "open": CoursePageFactory(parent=index, title="成果转化入门", tracks=["transfer"]),
        "not_open": CoursePageFactory(
            parent=index, title="专利布局", tracks=["ip", "transfer"], course_format="online"
        ),
        "full": CoursePageFactory(
            parent=index, title="估值满员", tracks=["investment"], course_format="hybrid"
        ),
        "waitlist": CoursePageFactory(parent=index, title="投后候补", tracks=["investment"]),
        "past": CoursePageFactory(parent=index, title="往期财税", tracks=["finance"]),
    }
    CourseSessionFactory(course=courses["open"], starts_in=20)
    past_session(courses["open"])
    CourseSessionFactory(course=courses["not_open"], enrollment_opens_at=at(10), starts_in=40)
    full = CourseSessionFactory(course=courses["full"], capacity=2, waitlist_enabled=False, starts_in=25)
    fill(full, 2)
    waitlist = CourseSessionFactory(
        course=courses["waitlist"], capacity=1, waitlist_enabled=True, starts_in=30
    )
    fill(waitlist, 1)
    past_session(courses["past"])
    draft = CoursePageFactory(parent=index, title="草稿课程", tracks=["transfer"])
    CourseSessionFactory(course=draft)
    draft.unpublish()
    private = CoursePageFactory(parent=index, title="内部课程", tracks=["transfer"])
    CourseSessionFactory(course=private)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return courses


@pytest.mark.django_db
def test_listing_shows_live_public_courses_with_counts(client, academy, catalogue):
    response, html = html_of(client, academy["courses"].url)
    # Soonest next class first; the course with no class to come last.
    assert titles(response) == ["成果转化入门", "估值满员", "投后候补", "专利布局", "往期财税"]
    assert counts(response, "track") == {"成果转化": 2, "资本投资": 2, "知识产权": 1, "财税金融": 1}
    assert counts(response, "format") == {"线下": 3, "线上": 1, "混合": 1}
    assert counts(response, "enroll") == {"报名中": 2}  # open, and full with a waitlist
    assert response.context["listing"].facet("enroll").all_count == 5
    assert "共 <strong>5</strong> 门课程" in html
    assert "草稿课程" not in html and "内部课程" not in html


@pytest.mark.django_db
def test_open_for_enrollment_filter_matches_each_sessions_state(client, academy, catalogue):
    response, html = html_of(client, f"{academy['courses'].url}?enroll=open")
    assert titles(response) == ["成果转化入门", "投后候补"]
    # The same answer as the state each session shows (engine.registration_state), course by course.
    now = timezone.now()
    for course in CoursePage.objects.all():
        states = [session_state(s, now) for s in CourseSession.objects.filter(course=course)]
        in_filter = CoursePage.objects.filter(open_for_enrollment(now), pk=course.pk).exists()
        assert in_filter == any(state.can_register for state in states), course.title
    assert 'aria-current="true"' in html and "只看报名中" in html
    assert "报名：报名中" in html  # the chip
    assert response.context["listing"].chips[0].url == academy["courses"].url


@pytest.mark.django_db
def test_filters_combine_and_count_against_each_other(client, academy, catalogue):
    url = academy["courses"].url
    response, html = html_of(client, f"{url}?track=investment")
    assert titles(response) == ["估值满员", "投后候补"]
    assert counts(response, "format") == {"线下": 1, "线上": 0, "混合": 1}
    assert counts(response, "enroll") == {"报名中": 1}
    assert counts(response, "track")["成果转化"] == 2  # other tracks counted without the track filter
    response, _ = html_of(client, f"{url}?track=investment&format=hybrid")
    assert titles(response) == ["估值满员"]
    response, html = html_of(client, f"{url}?track=investment&format=hybrid&enroll=open")
    assert titles(response) == []
    assert "没有符合条件的课程" in html and "清除筛选" in html
    assert response.context["listing"].clear_url == url
    response, _ = html_of(client, f"{url}?track=nonsense&format=paper&enroll=yes&month=2026-13")
    assert len(titles(response)) == 5 and not response.context["listing"].chips  # unknown values ignored


@pytest.mark.django_db
def test_month_filter_uses_each_sessions_first_meeting(client, academy):
    index = academy["courses"]
    spans_months = CoursePageFactory(parent=index, title="跨月课程")
    january = timezone.make_aware(datetime.datetime(2031, 1, 28, 9))
    CourseSessionFactory(
        course=spans_months,
        enrollment_closes_at=january - datetime.timedelta(days=1),
        meetings=[
            {"starts_at": january, "ends_at": january + datetime.timedelta(hours=3), "venue": "张江"},
            {
                "starts_at": january + datetime.timedelta(days=7),  # in February
                "ends_at": january + datetime.timedelta(days=7, hours=3),
                "venue": "张江",
            },
        ],
    )
    march = timezone.make_aware(datetime.datetime(2031, 3, 1, 0, 30))  # local midnight, 2月 in UTC
    two_runs = CoursePageFactory(parent=index, title="两期课程")
    CourseSessionFactory(
        course=two_runs,
        enrollment_closes_at=january - datetime.timedelta(days=1),
        meetings=[{"starts_at": january, "ends_at": january + datetime.timedelta(hours=2), "venue": "金桥"}],
    )
    CourseSessionFactory(
        course=two_runs,
        enrollment_closes_at=march - datetime.timedelta(days=1),
        meetings=[
            {
                "starts_at": march,
                "ends_at": march + datetime.timedelta(hours=2),
                "online_url": "https://m.example.cn/",
            }
        ],
    )
    response, _ = html_of(client, index.url)
    assert counts(response, "month") == {"2031年1月": 2, "2031年3月": 1}
    assert response.context["listing"].facet("month").all_count is None  # a course may start in two months
    response, _ = html_of(client, f"{index.url}?month=2031-02")
    assert titles(response) == []  # the second meeting in February does not start a session
    response, _ = html_of(client, f"{index.url}?month=2031-03")
    assert titles(response) == ["两期课程"]
    response, _ = html_of(client, f"{index.url}?month=2031-01")
    assert sorted(titles(response)) == ["两期课程", "跨月课程"]


@pytest.mark.django_db
def test_listing_paginates_and_has_empty_states(client, academy):
    index = academy["courses"]
    _, html = html_of(client, index.url)
    assert "课程即将发布" in html
    index.per_page = 2
    index.save_revision().publish()
    for n in range(5):
        CourseSessionFactory(course=CoursePageFactory(parent=index, title=f"课程{n}"), starts_in=10 + n)
    response, html = html_of(client, index.url)
    assert titles(response) == ["课程0", "课程1"]
    assert 'href="?page=2" rel="next"' in html
    response, _ = html_of(client, f"{index.url}?page=3")
    assert titles(response) == ["课程4"]
    response, _ = html_of(client, f"{index.url}?page=99")
    assert titles(response) == ["课程4"]


@pytest.mark.django_db
def test_course_cards_and_listing_queries_do_not_grow(client, academy, django_assert_max_num_queries):
    index = academy["courses"]
    mentor = MentorPageFactory(parent=academy["mentors"])

    def add_courses(n):
        for _ in range(n):
            course = CoursePageFactory(parent=index, tracks=["ip", "transfer"], mentors=[mentor])
            fill(CourseSessionFactory(course=course), 2)
            past_session(course)

    add_courses(3)
    url = f"{index.url}?track=ip"
    client.get(url)  # warm Wagtail's site cache
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add_courses(6)
    client.get(url)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(response.context["listing"].items) == 9
    assert len(large) == len(small)
    # Wagtail's serve, settings, navigation and breadcrumbs take about 10; the catalogue 11 (track terms, four
    # facet counts, the page, its count and the total, tracks, sessions with seat counts, meetings).
    with django_assert_max_num_queries(22):
        client.get(url)


# The course page ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_course_page_shows_everything_a_trainee_needs(client, academy):
    mentors = academy["mentors"]
    han = MentorPageFactory(parent=mentors, title="韩老师", is_leader=True)
    hidden = MentorPageFactory(parent=mentors, title="草稿导师")
    hidden.unpublish()
    basics = CoursePageFactory(parent=academy["courses"], title="成果转化入门")
    draft_prerequisite = CoursePageFactory(parent=academy["courses"], title="未发布先修")
    draft_prerequisite.unpublish()
    course = CoursePageFactory(
        parent=academy["courses"],
        title="技术许可谈判",
        tracks=["transfer", "finance"],
        mentors=[han, hidden],
        prerequisites=[basics, draft_prerequisite],
        fee=Decimal("1200"),
        credits=Decimal("1.5"),
    )
    small = CourseSessionFactory(course=course, name="第二期", capacity=3, starts_in=10)
    fill(small, 2)
    start = at(40, 19)
    CourseSessionFactory(
        course=course,
        name="线上班",
        capacity=0,
        enrollment_closes_at=start - datetime.timedelta(days=1),
        meetings=[
            {
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=2),
                "online_url": "https://m.example.cn/x",
            }
        ],
    )
    past_session(course, name="第一期")

    _, html = html_of(client, course.url)
    assert "技术许可谈判" in html and "系统梳理科技成果转化的流程与政策。" in html
    assert "¥1,200" in html and "1.5" in html and "6 学时" in html
    assert "成果转化" in html and "财税金融" in html
    assert "政策与路径" in html and "3 学时" in html  # syllabus modules with hours
    assert "掌握成果转化的主要方式" in html  # outcomes
    assert "出勤率达到 80% 即可结业并获得证书" in html
    assert f'href="{han.url}"' in html and "草稿导师" not in html
    assert f'href="{basics.url}"' in html and "未发布先修" not in html
    # Sessions: seats left, the window, every meeting with its place or 线上; past ones folded away.
    assert "第二期" in html and "3 人，剩余 <strong>1</strong> 席" in html and "报名中 · 剩余 1 席" in html
    assert "不限名额" in html and "线上班" in html
    assert html.count('class="meeting"') == 4
    assert "张江科学会堂 3楼培训室" in html and ">线上</span>" in html
    assert "https://m.example.cn/x" not in html  # online links go to enrolled trainees, not the public page
    assert "<summary>往期班次（1）</summary>" in html and "已结课" in html
    assert html.count('class="enroll-panel register-box') == 3  # one enrollment panel per session


@pytest.mark.django_db
def test_free_course_and_no_sessions(client, academy):
    course = CoursePageFactory(parent=academy["courses"], fee=None)
    _, html = html_of(client, course.url)
    assert "免费" in html and "暂无新开班次" in html
    assert "hasCourseInstance" not in jsonld(html)
    assert CoursePage(fee=Decimal("0")).fee_label == "免费"
    assert CoursePage(fee=Decimal("99.50")).fee_label == "¥99.50"
    assert CoursePage(fee=Decimal("12000.00")).fee_label == "¥12,000"


@pytest.mark.django_db
def test_course_page_queries_do_not_grow_with_sessions(client, academy):
    course = CoursePageFactory(
        parent=academy["courses"], mentors=[MentorPageFactory(parent=academy["mentors"])]
    )
    fill(CourseSessionFactory(course=course), 1)
    client.get(course.url)
    with CaptureQueriesContext(connection) as small:
        client.get(course.url)
    for _ in range(4):
        fill(CourseSessionFactory(course=course), 2)
        past_session(course)
    client.get(course.url)
    with CaptureQueriesContext(connection) as large:
        client.get(course.url)
    assert len(large) == len(small)


# JSON-LD -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_course_jsonld_has_an_instance_per_session(client, academy):
    mentor = MentorPageFactory(parent=academy["mentors"], title="蒋老师", position="投资合伙人")
    course = CoursePageFactory(
        parent=academy["courses"], title="估值</script><script>alert(1)</script>", mentors=[mentor]
    )
    start = at(30)
    onsite = CourseSessionFactory(course=course, name="线下班")
    CourseSessionFactory(
        course=course,
        name="线上班",
        enrollment_closes_at=start - datetime.timedelta(days=1),
        meetings=[
            {
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=2),
                "online_url": "https://m.example.cn/",
            }
        ],
    )
    CourseSessionFactory(
        course=course,
        name="混合班",
        enrollment_closes_at=start - datetime.timedelta(days=1),
        meetings=[
            {"starts_at": start, "ends_at": start + datetime.timedelta(hours=2), "venue": "陆家嘴"},
            {
                "starts_at": start + datetime.timedelta(days=7),
                "ends_at": start + datetime.timedelta(days=7, hours=2),
                "online_url": "https://m.example.cn/",
            },
        ],
    )
    _, html = html_of(client, course.url)
    assert "</script><script>alert(1)" not in html.split("<body")[0]  # escaped inside the JSON-LD
    data = jsonld(html)
    assert data["@type"] == "Course" and data["name"].startswith("估值</script>")
    assert data["provider"]["name"] == "浦东孵化学堂"
    assert data["offers"]["price"] == "0" and data["isAccessibleForFree"] is True
    modes = {i["name"]: i["courseMode"] for i in data["hasCourseInstance"]}
    assert modes == {"线下班": "onsite", "线上班": "online", "混合班": "blended"}
    instance = next(i for i in data["hasCourseInstance"] if i["name"] == "线下班")
    first = onsite.meetings.order_by("starts_at").first()
    assert instance["startDate"] == timezone.localtime(first.starts_at).isoformat()
    assert instance["endDate"] == timezone.localtime(onsite.ends_at).isoformat()
    assert instance["location"]["name"] == "张江科学会堂 3楼培训室"
    assert instance["instructor"] == [{"@type": "Person", "name": "蒋老师", "jobTitle": "投资合伙人"}]


@pytest.mark.django_db
def test_listing_jsonld_lists_the_courses_shown(client, academy, catalogue):
    _, html = html_of(client, f"{academy['courses'].url}?track=investment")
    data = jsonld(html)
    assert data["@type"] == "ItemList"
    assert [item["item"]["name"] for item in data["itemListElement"]] == ["估值满员", "投后候补"]
    assert all(item["item"]["provider"]["name"] == "浦东孵化学堂" for item in data["itemListElement"])
    assert data["itemListElement"][0]["item"]["hasCourseInstance"][0]["courseMode"] == "onsite"


# Mentors -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_mentor_directory_filters_by_track_and_leader(client, academy):
    index = academy["mentors"]
    MentorPageFactory(parent=index, title="许老师", tracks=["operations"], is_leader=True)
    MentorPageFactory(parent=index, title="韩老师", tracks=["transfer", "ip"], is_leader=True)
    MentorPageFactory(parent=index, title="戴老师", tracks=["ip"])
    draft = MentorPageFactory(parent=index, title="草稿导师", tracks=["ip"], is_leader=True)
    draft.unpublish()
    private = MentorPageFactory(parent=index, title="内部导师", tracks=["ip"])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    response, html = html_of(client, index.url)
    assert titles(response) == ["许老师", "韩老师", "戴老师"]  # leaders first
    assert counts(response, "track") == {"成果转化": 1, "孵化运营": 1, "知识产权": 2}
    assert counts(response, "leader") == {"孵化领军人物": 2}
    assert "草稿导师" not in html and "内部导师" not in html
    assert html.count("badge--leader") == 2
    response, _ = html_of(client, f"{index.url}?track=ip&leader=1")
    assert titles(response) == ["韩老师"]
    response, html = html_of(client, f"{index.url}?track=finance")
    assert titles(response) == [] and "没有符合条件的导师" in html


@pytest.mark.django_db
def test_mentor_page_lists_live_public_courses(client, academy):
    mentor = MentorPageFactory(parent=academy["mentors"], title="韩老师", organisation="高校技术转移中心")
    course = CoursePageFactory(parent=academy["courses"], title="成果转化入门", mentors=[mentor])
    CourseSessionFactory(course=course)
    draft = CoursePageFactory(parent=academy["courses"], title="草稿课程", mentors=[mentor])
    draft.unpublish()
    private = CoursePageFactory(parent=academy["courses"], title="内部课程", mentors=[mentor])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    response, html = html_of(client, mentor.url)
    assert [c.title for c in response.context["courses"]] == ["成果转化入门"]
    assert f'href="{course.url}"' in html and "报名中" in html
    assert "高校技术转移中心" in html and "草稿课程" not in html and "内部课程" not in html


@pytest.mark.django_db
def test_mentor_directory_queries_do_not_grow(client, academy):
    index = academy["mentors"]
    for _ in range(3):
        MentorPageFactory(parent=index, tracks=["ip", "transfer"], is_leader=True)
    client.get(index.url)
    with CaptureQueriesContext(connection) as small:
        client.get(index.url)
    for _ in range(8):
        MentorPageFactory(parent=index, tracks=["ip", "finance"])
    client.get(index.url)
    with CaptureQueriesContext(connection) as large:
        response = client.get(index.url)
    assert len(response.context["listing"].items) == 11
    assert len(large) == len(small)


# The 创孵学堂 brand page: the academy's front door ---------------------------------------------------------------


@pytest.fixture
def front_door(academy, home_page):
    leader = MentorPageFactory(parent=academy["mentors"], title="许老师", is_leader=True)
    MentorPageFactory(parent=academy["mentors"], title="戴老师")
    featured = CoursePageFactory(
        parent=academy["courses"],
        title="孵化器运营管理基础",
        tracks=["operations"],
        featured=True,
        mentors=[leader],
    )
    CourseSessionFactory(course=featured, name="夏季班", starts_in=16)
    closed = CoursePageFactory(parent=academy["courses"], title="只有往期", tracks=["ip"])
    past_session(closed)
    events = EventIndexPageFactory(parent=home_page, slug="events")
    EventPageFactory(parent=events, title="技术转移实务培训", event_type=EventType.TRAINING)
    EventPageFactory(parent=events, title="合成生物沙龙", event_type=EventType.SALON)
    return academy


@pytest.mark.django_db
def test_xuetang_page_is_the_academys_front_door(client, front_door):
    response, html = html_of(client, front_door["brand"].url)
    tracks = {t.name: t.course_count for t in response.context["brand_sections"][0]["context"]["tracks"]}
    assert list(tracks) == ["成果转化", "资本投资", "孵化运营", "知识产权", "财税金融", "国际化", "产业研究"]
    assert tracks["孵化运营"] == 1 and tracks["知识产权"] == 1 and tracks["国际化"] == 0
    assert f'href="{front_door["courses"].url}?track=operations"' in html
    assert f'href="{front_door["courses"].url}"' in html and f'href="{front_door["mentors"].url}"' in html
    assert "近期开班" in html and "夏季班" in html and "只有往期" not in html.split("推荐课程")[0]
    assert "推荐课程" in html and "孵化器运营管理基础" in html
    assert "孵化领军人物" in html and "许老师" in html and "戴老师" not in html
    assert "专题培训" in html and "技术转移实务培训" in html and "合成生物沙龙" not in html
    assert 'href="/events/?type=training"' in html
    assert "theme/css/academy.css" in html


@pytest.mark.django_db
def test_other_brand_pages_get_no_academy_sections(client, home_page, front_door):
    zhixun = BrandPageFactory(parent=home_page, brand=Brand.ZHIXUN)
    response, html = html_of(client, zhixun.url)
    assert response.context["brand_sections"] == [] and "学习方向" not in html
    assert "theme/css/academy.css" not in html


@pytest.mark.django_db
def test_front_door_empty_states(client, academy):
    _, html = html_of(client, academy["brand"].url)
    assert "暂无报名中的班次" in html and "近期暂无专题培训" in html
    assert "推荐课程" not in html  # a section with nothing to show is left out


@pytest.mark.django_db
def test_front_door_queries_do_not_grow(client, front_door):
    url = front_door["brand"].url
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(4):
        course = CoursePageFactory(
            parent=front_door["courses"], tracks=["ip", "transfer"], featured=True, title=f"新课{n}"
        )
        fill(CourseSessionFactory(course=course), 1)
        MentorPageFactory(parent=front_door["mentors"], is_leader=True, tracks=["ip", "finance"])
    client.get(url)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def _imports(app):
    """Every module a Python file of `app` imports."""
    names = set()
    for path in (REPO / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return names


def test_brand_and_events_do_not_import_academy_and_back():
    assert not any(name.startswith("academy") for name in _imports("brand"))
    assert not any(name.startswith("academy") for name in _imports("events"))
    assert not any(name.split(".")[0] in {"brand", "events"} for name in _imports("academy"))


# Site search ---------------------------------------------------------------------------------------------------


@pytest.fixture
def searchable(academy):
    mentors, courses = academy["mentors"], academy["courses"]
    han = MentorPageFactory(
        parent=mentors,
        title="韩老师",
        organisation="高校技术转移中心",
        position="主任",
        tracks=["transfer"],
        is_leader=True,
        summary="组织完成数百项成果的评估。",
    )
    secret = MentorPageFactory(
        parent=mentors, title="保密导师", organisation="保密研究所", summary="不公开。"
    )
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    course = CoursePageFactory(
        parent=courses,
        title="技术许可谈判实务",
        summary="许可合同的关键条款与作价入股。",
        tracks=["transfer", "finance"],
        mentors=[han, secret],
        body=[("paragraph", "<p>课程以谈判模拟为主。</p>")],
    )
    draft = CoursePageFactory(parent=courses, title="草稿许可课程", summary="许可草稿。")
    draft.unpublish()
    private = CoursePageFactory(parent=courses, title="内部许可课程", summary="许可内部。")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return {"han": han, "course": course, "secret": secret}


@pytest.mark.django_db
def test_search_documents_read_public_fields(searchable):
    course = get_searchable("course").to_document(searchable["course"])
    assert course.tags == ["成果转化", "财税金融"] and course.category == "成果转化"
    assert "韩老师" in course.keywords and "保密导师" not in course.keywords  # only public mentors
    assert "谈判模拟" in course.body and "政策与路径" in course.body  # body and syllabus
    mentor = get_searchable("mentor").to_document(searchable["han"])
    assert mentor.keywords == ["高校技术转移中心", "主任"] and mentor.category == "孵化领军人物"
    assert mentor.tags == ["成果转化"]
    public = {page.title for page in get_searchable("course").queryset()}
    assert public == {"技术许可谈判实务"}
    assert {page.title for page in get_searchable("mentor").queryset()} == {"韩老师"}


@pytest.mark.django_db
def test_courses_and_mentors_in_elasticsearch(client, searchable, es_client):
    reset_index()
    rebuild()

    def found(query):
        response = client.get("/search/", {"q": query})
        assert response.context["search_mode"] == "engine"
        return [
            hit.title_html.replace("<mark>", "").replace("</mark>", "") for hit in response.context["results"]
        ]

    assert "技术许可谈判实务" in found("作价入股")  # summary
    assert "技术许可谈判实务" in found("财税金融")  # a track (tags)
    assert "技术许可谈判实务" in found("谈判模拟")  # body
    assert "韩老师" in found("高校技术转移中心")  # organisation (keywords)
    assert not {"草稿许可课程", "内部许可课程"} & set(found("许可"))
    assert found("保密研究所") == []
    response = client.get("/search/", {"q": "许可"})
    facets = {facet.key: values for facet, values in response.context["facets"]}
    assert {v.label: v.count for v in facets["type"]}.get("学堂课程") == 1
    alias = content_alias()
    es_client.indices.refresh(index=alias)
    hits = es_client.search(index=alias, query={"match_all": {}}, size=50)["hits"]["hits"]
    sources = [hit["_source"] for hit in hits]
    assert "保密导师" not in json.dumps(sources, ensure_ascii=False)
    assert {s["doc_type"] for s in sources} == {"course", "mentor", "brand"}


@pytest.mark.django_db
def test_courses_and_mentors_in_the_database_fallback(searchable):
    assert [p.title for p in search_pages("作价入股")] == ["技术许可谈判实务"]
    assert [p.title for p in search_pages("高校技术转移中心")] == ["韩老师"]
    assert list(search_pages("保密研究所")) == []
    assert {p.title for p in search_pages("许可")} == {"技术许可谈判实务"}


# The demo ------------------------------------------------------------------------------------------------------


def test_demo_builds_the_academy(client, demo_site):
    xuetang = BrandPage.objects.get(brand=Brand.XUETANG)
    course_index = CourseIndexPage.objects.child_of(xuetang).get(slug="kecheng")
    mentor_index = MentorIndexPage.objects.child_of(xuetang).get(slug="daoshi")
    courses = CoursePage.objects.live().child_of(course_index)
    mentors = MentorPage.objects.live().child_of(mentor_index)
    assert courses.count() >= 10 and mentors.count() == 8
    assert 0 < mentors.filter(is_leader=True).count() < 8
    assert set(Track.objects.filter(courses__in=courses).values_list("slug", flat=True)) == {
        "transfer",
        "investment",
        "operations",
        "ip",
        "finance",
        "international",
        "industry",
    }
    assert courses.filter(prerequisites__isnull=False).distinct().count() >= 2
    now = timezone.now()
    states = []
    for course in courses:
        sessions = list(CourseSession.objects.filter(course=course))
        assert 2 <= len(sessions) <= 3, course.title
        states += [session_state(s, now).code for s in sessions]
        assert all(s.meetings.count() >= 2 for s in sessions)
    assert {"open", "ended", "not_open", "closed"} <= set(states)
    assert CourseSession.objects.filter(
        capacity__lte=5, capacity__gt=0
    ).exists()  # to be filled with a waitlist
    # The enrollment step (after this one) adds trainees and a 往期班 to a few courses: same venue rule.
    assert Registration.objects.filter(target__kind="course_session", user__isnull=False).exists()
    venues = {m.venue for s in CourseSession.objects.exclude(name="往期班") for m in s.meetings.all()}
    assert "" in venues and all("浦东新区" in v for v in venues if v)
    for url in [xuetang.url, course_index.url, mentor_index.url, courses.first().url, mentors.first().url]:
        assert client.get(url).status_code == 200, url
    _, html = html_of(client, xuetang.url)
    assert "建设浦东孵化学堂，面向成果转化、资本投资等细分方向培养专精孵化人才" in html
    # It describes what works: enrollment, waitlist, certificates in 我的创孵 — and no promise beyond that.
    intro = html.split("学习方向")[0]
    assert "个人中心" not in html and "在线报名开班" in intro and "结业证书" in intro and "我的创孵" in intro


def test_reloading_the_demo_leaves_the_academy_alone(demo_site):
    from django.core.management import call_command

    def snapshot():
        return {
            "sessions": list(
                CourseSession.objects.order_by("pk").values_list(
                    "pk",
                    "name",
                    "capacity",
                    "enrollment_opens_at",
                    "enrollment_closes_at",
                    "registration_target_id",
                )
            ),
            "meetings": list(
                CourseSession.objects.order_by("pk").values_list("meetings__pk", "meetings__starts_at")
            ),
            "pages": list(CoursePage.objects.order_by("pk").values_list("pk", "latest_revision_id")),
            "mentors": list(MentorPage.objects.order_by("pk").values_list("pk", "latest_revision_id")),
        }

    before = snapshot()
    out = io.StringIO()
    call_command("load_demo", skip_index=True, stdout=out)
    assert "新建 0，更新 0" in out.getvalue()
    assert snapshot() == before


@pytest.mark.django_db
def test_demo_data_names_what_exists():
    from academy import demo

    tracks = set(Track.objects.values_list("slug", flat=True))
    venues = set(demo.load("academy.yaml")["venues"])
    mentors = demo.load("mentors.yaml")["mentors"]
    assert len({m["slug"] for m in mentors}) == len(mentors) == 8
    assert all(set(m["tracks"]) <= tracks for m in mentors)
    seen = set()
    for course in demo.load("courses.yaml")["courses"]:
        assert set(course["tracks"]) <= tracks, course["slug"]
        assert set(course["mentors"]) <= {m["slug"] for m in mentors}, course["slug"]
        assert set(course["prerequisites"]) <= seen, course["slug"]  # earlier courses only
        assert course["format"] in {"offline", "online", "hybrid"}, course["slug"]
        for session in course["sessions"]:
            assert set(session) >= demo.SESSION_KEYS, (course["slug"], session)
            assert session["venue"] in venues | {"online"}, (course["slug"], session["name"])
            assert session["enrollment"] in demo.ENROLLMENT_MODES, (course["slug"], session["name"])
        seen.add(course["slug"])
    steps = [step for step, _ in settings.DEMO_STEPS]
    assert steps.index("academy.demo.academy") == steps.index("brand.demo.brand_catalogues") + 1
