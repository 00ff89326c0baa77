"""Demo requests for the inbox: about 30 across 智询, 云超 and 驿站, in every status, some overdue, closed
ones rated (so some providers show their average). Written directly, without mails, once: rows carry the
submission key `demo-<n>`, and a second run finds them and writes nothing."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import (
    ExpertPage,
    MessageKind,
    RequestKind,
    RequestMessage,
    RequestStatus,
    ServicePage,
    ServiceRequest,
    StationPage,
    VisitSlot,
)
from .models.requests import response_hours

S = RequestStatus
# (kind, status, overdue?) for each demo request: every status for each kind, some overdue.
PLAN = (
    [(RequestKind.CONSULTATION, s, False) for s in S.values]
    + [(RequestKind.CONSULTATION, S.NEW, True), (RequestKind.CONSULTATION, S.ASSIGNED, True)]
    + [(RequestKind.CONSULTATION, S.CLOSED, False)] * 2
    + [(RequestKind.SERVICE, s, False) for s in S.values]
    + [(RequestKind.SERVICE, S.NEW, True), (RequestKind.SERVICE, S.IN_PROGRESS, True)]
    + [(RequestKind.SERVICE, S.CLOSED, False)] * 5
    + [(RequestKind.VISIT, s, False) for s in S.values]
    + [(RequestKind.VISIT, S.NEW, True)]
)
TOPICS = {
    RequestKind.CONSULTATION: [
        "天使轮估值怎么谈",
        "三位创始人股权如何分配",
        "高企认定前的财务准备",
        "专利被模仿怎么办",
        "海外市场准入咨询",
    ],
    RequestKind.SERVICE: ["申请服务：请尽快联系", "想了解服务周期和报价", "希望上门沟通需求", "需要加急办理"],
    RequestKind.VISIT: ["了解入驻政策", "咨询人才公寓申请", "办理企业服务事项"],
}
COMPANIES = [
    "上海芯朗微电子有限公司",
    "上海合成元生物科技有限公司",
    "上海智衡机器人有限公司",
    "上海岚图数据科技有限公司",
    "上海极光医疗器械有限公司",
]
NAMES = ["陈晓", "王磊", "李娜", "张伟", "刘洋", "赵敏", "孙杰", "周婷"]
COMMENTS = [
    "响应及时，建议很实用。",
    "沟通顺畅，按时办结。",
    "专业度高，后续还会合作。",
    "",
    "整体满意，报价可以更透明。",
]


def requests(ctx):
    if ServiceRequest.objects.filter(submission_key__startswith="demo-").exists():
        ctx.log("服务需求（已存在）✓")
        return
    rng = ctx.rng("brand_requests")
    now = timezone.now()
    staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    experts = list(ExpertPage.objects.live().order_by("path"))
    services = list(ServicePage.objects.live().select_related("service_provider").order_by("path"))
    stations = [s for s in StationPage.objects.live().order_by("path") if s.visit_capacity]
    for n, (kind, status, overdue) in enumerate(PLAN):
        created = now - datetime.timedelta(days=rng.randint(1, 25), hours=rng.randint(0, 12))
        service = (
            services[n % 3] if kind == RequestKind.SERVICE and status == S.CLOSED else rng.choice(services)
        )
        service = service if kind == RequestKind.SERVICE else None
        hours = response_hours(kind, service)
        if overdue:
            created = now - datetime.timedelta(hours=hours + rng.randint(2, 48))
        elif status in (S.NEW, S.ASSIGNED, S.IN_PROGRESS):
            # Unanswered and not meant to be overdue: still within its promised time.
            created = now - datetime.timedelta(minutes=rng.randint(30, max(31, (hours - 2) * 60)))
        request = ServiceRequest(
            kind=kind,
            status=status,
            submission_key=f"demo-{n}",
            topic=rng.choice(TOPICS[kind]),
            company_name=rng.choice(COMPANIES),
            stage=rng.choice(["idea", "startup", "startup", "growth", "mature"]),
            need="公司成立两年，团队 20 人。希望就上述问题得到专业意见，并了解后续可以获得的支持。",
            contact_name=rng.choice(NAMES),
            mobile=f"139{rng.randint(10000000, 99999999)}",
            email=f"demo{n + 1:02d}@example.cn",
            privacy_version=settings.PRIVACY_NOTICE_VERSION,
            privacy_consented_at=created,
            created_at=created,
            due_at=created + datetime.timedelta(hours=hours),
            expert=rng.choice(experts) if kind == RequestKind.CONSULTATION and experts and n % 2 else None,
            service=service,
            provider=service.service_provider if service else None,
        )
        if kind == RequestKind.VISIT and stations:
            station = rng.choice(stations)
            days = [d for d in station.visit_dates() if d]
            request.station = station
            request.visit_slot, _ = VisitSlot.objects.get_or_create(
                station=station, date=rng.choice(days[:10]), half=rng.choice(["am", "pm"])
            )
            request.visitors = rng.randint(1, 3)
        history = [(S.NEW, created)]
        steps = {
            S.ASSIGNED: [S.ASSIGNED],
            S.IN_PROGRESS: [S.ASSIGNED, S.IN_PROGRESS],
            S.REPLIED: [S.ASSIGNED, S.REPLIED],
            S.CLOSED: [S.ASSIGNED, S.REPLIED, S.CLOSED],
            S.WITHDRAWN: [S.WITHDRAWN],
        }.get(status, [])
        moment = created
        for step in steps:
            moment = min(now, moment + datetime.timedelta(hours=rng.randint(1, max(2, hours // 2))))
            history.append((step, moment))
            if step in (S.REPLIED, S.CLOSED) and request.first_response_at is None:
                request.first_response_at = moment
            if step in (S.CLOSED, S.WITHDRAWN):
                request.closed_at = moment
        if status not in (S.NEW, S.WITHDRAWN) and not overdue:
            request.assignee = staff
        if status == S.CLOSED:
            request.rating = rng.choice([3, 4, 4, 5, 5])
            request.rating_comment = rng.choice(COMMENTS)
            request.rated_at = request.closed_at
        request.save()
        for step, moment in history:
            RequestMessage.objects.create(
                request=request, kind=MessageKind.STATUS, status=step, created_at=moment
            )
        if request.first_response_at:
            RequestMessage.objects.create(
                request=request,
                kind=MessageKind.REPLY,
                body="您好，已收到您的需求。建议先准备近一年的财务报表和团队情况说明，我们将安排专人与您对接。",
                created_at=request.first_response_at,
            )
            RequestMessage.objects.create(
                request=request,
                kind=MessageKind.NOTE,
                body="内部备注：企业在孵，优先安排。",
                created_at=request.first_response_at,
            )
    ctx.log(f"服务需求 {len(PLAN)} 条（智询、云超、驿站，各状态） ✓")
