"""Demo content: the events listing and about 15 events across types and months, with registrations.

Event dates are relative to the day an event is first created and are then left alone, so the demo always
has upcoming and past events, and a second run (any day) changes nothing. Registrations are generated once
per event, from the seed, when the event has none.
"""

import datetime

from django.utils import timezone

from core.brands import Brand
from core.demo import ensure_image, ensure_page
from registrations.models import Registration, RegistrationStatus

from .models import EventIndexPage, EventPage, EventType

S = RegistrationStatus

STAGE_QUESTION = (
    "choice",
    {"label": "企业所处阶段", "choices": "种子期\n初创期\n成长期\n成熟期", "required": True},
)
FIELD_QUESTION = (
    "multiple",
    {"label": "关注的领域", "choices": "集成电路\n生物医药\n人工智能\n未来产业", "required": False},
)
TEAM_QUESTION = ("number", {"label": "团队人数", "min_value": 1, "max_value": 5000, "required": False})
TOPIC_QUESTION = ("text", {"label": "希望在活动中交流的问题", "required": False})

VENUES = {
    "zhangjiang": ("张江科学会堂", "上海市浦东新区科苑路399号", "31.204900", "121.590300"),
    "jinqiao": ("金桥人工智能加速器路演厅", "上海市浦东新区金海路1000号", "31.262400", "121.621100"),
    "lujiazui": ("陆家嘴金融城创新中心", "上海市浦东新区银城中路501号", "31.238100", "121.503800"),
    "lingang": ("临港新片区概念验证中心", "上海市浦东新区环湖西二路888号", "30.899800", "121.930400"),
    "waigaoqiao": ("外高桥创孵驿站", "上海市浦东新区基隆路6号", "31.352500", "121.587700"),
    "shibo": ("世博会议中心", "上海市浦东新区国展路1099号", "31.186900", "121.489500"),
}

# slug, title, type, brand, days from creation, start hour, hours, venue, capacity, party, mode, questions
EVENTS = [
    (
        "salon-synbio",
        "合成生物产业化路径创新沙龙",
        EventType.SALON,
        Brand.SHALONG,
        6,
        14,
        3,
        "zhangjiang",
        40,
        2,
        "waitlist",
        [STAGE_QUESTION, TOPIC_QUESTION],
    ),
    (
        "roadshow-biomed",
        "生物医药早期项目专场路演",
        EventType.ROADSHOW,
        Brand.SHALONG,
        9,
        13,
        4,
        "zhangjiang",
        60,
        1,
        "approval",
        [STAGE_QUESTION, TEAM_QUESTION],
    ),
    (
        "salon-ai-agents",
        "大模型应用落地：从 Demo 到订单",
        EventType.SALON,
        Brand.SHALONG,
        13,
        14,
        3,
        "jinqiao",
        30,
        2,
        "waitlist",
        [FIELD_QUESTION],
    ),
    (
        "match-quantum",
        "量子科技应用场景供需对接会",
        EventType.MATCHMAKING,
        Brand.SHALONG,
        17,
        9,
        4,
        "shibo",
        80,
        1,
        "some",
        [STAGE_QUESTION],
    ),
    (
        "forum-incubators",
        "2026 浦东孵化载体高峰论坛",
        EventType.FORUM,
        Brand.SHALONG,
        24,
        9,
        7,
        "shibo",
        300,
        3,
        "some",
        [FIELD_QUESTION, TEAM_QUESTION],
    ),
    (
        "training-tech-transfer",
        "技术转移实务：从专利到许可",
        EventType.TRAINING,
        Brand.XUETANG,
        20,
        9,
        6,
        "lujiazui",
        50,
        1,
        "some",
        [TOPIC_QUESTION],
    ),
    (
        "salon-brain",
        "脑机接口：临床前验证经验分享",
        EventType.SALON,
        Brand.SHALONG,
        31,
        14,
        3,
        "lingang",
        35,
        1,
        "not_open",
        [STAGE_QUESTION],
    ),
    (
        "roadshow-ic",
        "集成电路设计企业投融资路演",
        EventType.ROADSHOW,
        Brand.SHALONG,
        38,
        13,
        4,
        "jinqiao",
        50,
        1,
        "not_open",
        [],
    ),
    (
        "training-operations",
        "孵化器运营管理实训营（第四期）",
        EventType.TRAINING,
        Brand.XUETANG,
        45,
        9,
        8,
        "lujiazui",
        40,
        1,
        "some",
        [TEAM_QUESTION],
    ),
    (
        "match-green",
        "绿色低碳技术供需对接会",
        EventType.MATCHMAKING,
        Brand.SHALONG,
        4,
        14,
        3,
        "lujiazui",
        60,
        1,
        "closed",
        [],
    ),
    (
        "salon-overseas",
        "出海合规：跨境数据与知识产权沙龙",
        EventType.SALON,
        Brand.SHALONG,
        3,
        19,
        2,
        "online",
        0,
        1,
        "some",
        [TOPIC_QUESTION],
    ),
    (
        "past-salon-robotics",
        "具身智能创业者沙龙",
        EventType.SALON,
        Brand.SHALONG,
        -12,
        14,
        3,
        "jinqiao",
        30,
        1,
        "past",
        [],
    ),
    (
        "past-roadshow-medtech",
        "医疗器械创新项目路演",
        EventType.ROADSHOW,
        Brand.SHALONG,
        -26,
        13,
        4,
        "zhangjiang",
        50,
        1,
        "past",
        [STAGE_QUESTION],
    ),
    (
        "past-forum-pocc",
        "概念验证中心建设论坛",
        EventType.FORUM,
        Brand.SHALONG,
        -40,
        9,
        6,
        "lingang",
        120,
        1,
        "past",
        [],
    ),
    (
        "past-training-finance",
        "科技企业财税合规培训",
        EventType.TRAINING,
        Brand.XUETANG,
        -55,
        9,
        6,
        "waigaoqiao",
        40,
        1,
        "past",
        [],
    ),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "秀英",
    "晨",
    "宇",
    "欣怡",
    "浩然",
    "子涵",
    "思远",
]
COMPANIES = [
    "张江某生物科技有限公司",
    "金桥某智能装备有限公司",
    "某集成电路设计有限公司",
    "某医疗器械有限公司",
    "某量子科技有限公司",
    "某数据服务有限公司",
    "某高校技术转移中心",
    "",
]
TITLES = ["创始人", "CEO", "技术总监", "投资经理", "运营经理", "研究员", ""]


def _local(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _dates(offset, hour, hours, mode, today):
    starts_at = _local(today + datetime.timedelta(days=offset), hour)
    ends_at = starts_at + datetime.timedelta(hours=hours)
    opens_at = starts_at - datetime.timedelta(days=30)
    closes_at = None
    if mode == "not_open":
        opens_at = _local(today + datetime.timedelta(days=offset - 14), 9)
    elif mode == "closed":
        opens_at = starts_at - datetime.timedelta(days=20)
        closes_at = _local(today - datetime.timedelta(days=1), 18)
    return {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "registration_opens_at": opens_at,
        "registration_closes_at": closes_at,
    }


def _body(title, type_label):
    return [
        ("heading", {"text": "活动背景", "level": "h2"}),
        (
            "paragraph",
            f"<p>本场{type_label}围绕“{title}”展开，邀请产业专家、投资人与创业团队面对面交流，"
            "帮助孵化载体和在孵企业对接技术、资本与市场资源。</p>",
        ),
        ("heading", {"text": "适合人群", "level": "h2"}),
        (
            "paragraph",
            "<ul><li>孵化载体从业人员</li><li>在孵企业创始人与核心团队</li><li>关注早期项目的投资机构</li></ul>",
        ),
    ]


def _agenda(start_hour):
    items = [
        ("签到入场", ""),
        ("主办方致辞", "创孵"),
        ("主题分享", "特邀嘉宾"),
        ("圆桌对话", "嘉宾与观众"),
        ("自由交流", ""),
    ]
    agenda = []
    minute = start_hour * 60
    for title, speaker in items:
        end = minute + 30
        agenda.append(
            (
                "item",
                {
                    "time": f"{minute // 60:02d}:{minute % 60:02d}—{end // 60:02d}:{end % 60:02d}",
                    "title": title,
                    "speaker": speaker,
                },
            )
        )
        minute = end
    return agenda


def _speakers(rng):
    people = []
    for _ in range(2):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        people.append(
            (
                "speaker",
                {
                    "name": name,
                    "affiliation": rng.choice(
                        [
                            "浦东某专业孵化器 总经理",
                            "某创投基金 合伙人",
                            "某高校 教授",
                            "某上市公司 首席技术官",
                        ]
                    ),
                    "bio": "长期关注早期科技企业成长与产业化。",
                    "photo": None,
                },
            )
        )
    return people


def events(ctx):
    home = ctx.objects["home"]
    index = ensure_page(
        ctx,
        home,
        EventIndexPage,
        "events",
        title="活动",
        show_in_menus=True,
        intro="创孵沙龙、项目路演、供需对接会、行业论坛与创孵学堂培训。在线报名，凭电子票签到。",
    )
    ctx.objects["event_index"] = index
    rng = ctx.rng("events")
    today = timezone.localdate()
    for number, (
        slug,
        title,
        event_type,
        brand,
        offset,
        hour,
        hours,
        venue,
        capacity,
        party,
        mode,
        questions,
    ) in enumerate(EVENTS, start=1):
        cover = ensure_image(ctx, f"活动封面 {number:02d}", str(event_type.label), f"event-{number}")
        fields = {
            "title": title,
            "event_type": event_type,
            "brand": brand,
            "summary": f"面向孵化载体、创业团队与投资机构的{event_type.label}：嘉宾分享、现场交流与资源对接。名额有限，欢迎报名。",
            "organiser": "创孵 · 浦东新区科技和经济委员会"
            if event_type != EventType.TRAINING
            else "创孵学堂",
            "cover_image": cover,
            "body": _body(title, event_type.label),
            "agenda": _agenda(hour),
            "speakers": _speakers(rng),
            "capacity": capacity,
            "max_party_size": party,
            "requires_approval": mode == "approval",
            "waitlist_enabled": True,
            "questions": questions,
        }
        if venue == "online":
            fields.update(
                venue_name="",
                venue_address="",
                latitude=None,
                longitude=None,
                online_url="https://meeting.example.cn/chuangfu",
            )
        else:
            name, address, lat, lng = VENUES[venue]
            fields.update(venue_name=name, venue_address=address, latitude=lat, longitude=lng, online_url="")
        existing = EventPage.objects.child_of(index).filter(slug=slug).first()
        if existing is None:
            fields.update(_dates(offset, hour, hours, mode, today))
        page = ensure_page(ctx, index, EventPage, slug, **fields)
        _registrations(ctx, page, mode, number)
    _staff_permissions(ctx)
    ctx.log(f"活动 {len(EVENTS)} 场与报名 ✓")


# Editors run registrations without seeing mobile/email; moderators may also see and export them (PIPL).
GROUP_PERMISSIONS = {
    "Editors": ["view_registration", "add_registration", "change_registration"],
    "Moderators": [
        "view_registration",
        "add_registration",
        "change_registration",
        "view_registration_contact",
    ],
}


def _staff_permissions(ctx):
    from django.contrib.auth.models import Group, Permission

    for group_name, codenames in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        wanted = Permission.objects.filter(content_type__app_label="events", codename__in=codenames)
        missing = wanted.exclude(pk__in=group.permissions.values("pk"))
        if missing.exists():
            group.permissions.add(*missing)
            ctx.count("updated")
        else:
            ctx.count("unchanged")


def _registrations(ctx, page, mode, number):
    target = page.registration_target
    if target is None or Registration.objects.filter(target=target).exists():
        ctx.count("unchanged")
        return
    rng = ctx.rng(f"registrations-{number}")
    capacity = page.capacity or 60
    plan = []
    if mode == "waitlist":
        plan = [S.CONFIRMED] * capacity + [S.WAITLISTED] * rng.randint(4, 9)
    elif mode == "approval":
        plan = [S.CONFIRMED] * rng.randint(15, 25) + [S.PENDING] * rng.randint(4, 8) + [S.REJECTED] * 2
    elif mode == "closed":
        plan = [S.CONFIRMED] * rng.randint(capacity // 2, capacity - 5) + [S.CANCELLED] * 3
    elif mode == "past":
        attended = rng.randint(capacity // 2, capacity - 3)
        plan = [S.ATTENDED] * attended + [S.NO_SHOW] * rng.randint(1, 3) + [S.CANCELLED] * 2
    elif mode == "some":
        plan = [S.CONFIRMED] * rng.randint(capacity // 4, capacity * 3 // 5) + [S.CANCELLED] * rng.randint(
            0, 2
        )
    if not plan:  # registration has not opened yet
        ctx.count("unchanged")
        return
    created = page.registration_opens_at or page.starts_at - datetime.timedelta(days=20)
    rows = []
    seats = 0
    for n, status in enumerate(plan, start=1):
        party = 1
        if page.max_party_size > 1 and status in (S.CONFIRMED, S.ATTENDED) and rng.random() < 0.2:
            party = 2
            if page.capacity and seats + party > page.capacity:
                party = 1
        if status in (S.CONFIRMED, S.ATTENDED, S.NO_SHOW, S.PENDING):
            seats += party
            if page.capacity and seats > page.capacity:
                seats -= party
                status = S.WAITLISTED
        created += datetime.timedelta(minutes=rng.randint(3, 240))
        answers = {}
        for block in page.questions:
            question = block.block.to_question(block.value, "")
            if question["kind"] == "choice":
                answers[question["label"]] = rng.choice(question["choices"])
            elif question["kind"] == "multiple":
                answers[question["label"]] = rng.sample(question["choices"], rng.randint(1, 2))
            elif question["kind"] == "number":
                answers[question["label"]] = rng.randint(3, 80)
        rows.append(
            Registration(
                target=target,
                status=status,
                name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                mobile=f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
                email=f"demo{number:02d}{n:03d}@example.cn",
                organisation=rng.choice(COMPANIES),
                job_title=rng.choice(TITLES),
                party_size=party,
                answers=answers,
                created_at=created,
                status_changed_at=created,
                attended_at=page.starts_at + datetime.timedelta(minutes=rng.randint(0, 40))
                if status == S.ATTENDED
                else None,
                cancel_reason="self"
                if status == S.CANCELLED
                else ("rejected" if status == S.REJECTED else ""),
                ticket_code=f"D{number:02d}{n:03d}{rng.choice('ABCDEFGHJKMNPQRSTUVWXYZ')}{rng.choice('23456789')}",
            )
        )
    # Demo mobiles are random: drop accidental repeats so the one-active-per-mobile rule holds.
    seen = set()
    unique_rows = []
    for row in rows:
        if row.mobile in seen:
            continue
        seen.add(row.mobile)
        unique_rows.append(row)
    Registration.objects.bulk_create(unique_rows)
    ctx.count("created")
