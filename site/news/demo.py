"""Demo content: the news index, news items, and the seed policy as a 政策文件 article."""

import datetime
import re
from pathlib import Path

from core.demo import ensure_image, ensure_page

from .models import GovOpenCategory, NewsCategory, NewsIndexPage, NewsPage

POLICY_TEXT = Path(__file__).resolve().parents[1] / "home" / "data" / "policy_2023_27.txt"
POLICY_SOURCE_URL = "https://www.pudong.gov.cn/zwgk/006023007/2023/233/314302.html"
# Dates are spread back from a fixed day, so the same seed gives the same content on any day.
ANCHOR_DATE = datetime.date(2026, 11, 20)

NEWS = [
    (
        "张江科学城新增两家“高峰”孵化器",
        NewsCategory.WORK,
        ["高峰孵化器", "张江"],
        "经评审认定，张江科学城两家专业孵化器入选浦东“高峰”孵化器培育名单，将在技术平台、投孵联动和国际合作方面先行先试。",
    ),
    (
        "创孵学堂第三期孵化从业人员培训班开班",
        NewsCategory.WORK,
        ["创孵学堂", "人才培训"],
        "来自全区40余家孵化载体的80名从业人员参加培训，课程覆盖孵化服务体系、技术转移与投融资对接。",
    ),
    (
        "生物医药专场路演：8个项目获投资机构关注",
        NewsCategory.WORK,
        ["创孵沙龙", "生物医药", "路演"],
        "创孵沙龙生物医药专场在张江举行，8个早期项目现场路演，20余家投资机构参与点评与对接。",
    ),
    (
        "临港新片区概念验证中心启用",
        NewsCategory.MEDIA,
        ["概念验证中心", "临港"],
        "中心面向高校院所科技成果，提供技术验证、样机开发和商业化评估服务，助力成果走出实验室。",
    ),
    (
        "金桥人工智能加速器发布开放技术平台清单",
        NewsCategory.WORK,
        ["人工智能", "金桥", "技术平台"],
        "算力平台、数据标注平台和测试验证平台向区内企业开放共享，企业可按需预约使用。",
    ),
    (
        "一家专精特新企业的孵化之路",
        NewsCategory.CASE,
        ["专精特新", "案例"],
        "从众创空间里的三人团队到国家级专精特新“小巨人”，这家集成电路设计企业在浦东走过了八年。",
    ),
    (
        "外高桥创孵驿站正式挂牌",
        NewsCategory.WORK,
        ["创孵驿站", "外高桥"],
        "驿站将就近为企业提供政策咨询、载体推荐和服务受理，首批入驻服务专员4名。",
    ),
    (
        "双创云超上线首批120项第三方服务产品",
        NewsCategory.WORK,
        ["双创云超", "服务产品"],
        "涵盖知识产权、检验检测、法律财税、人力资源等类别，企业可在线比较并提交服务需求。",
    ),
    (
        "媒体关注：浦东孵化载体从“集聚企业”迈向“孕育产业”",
        NewsCategory.MEDIA,
        ["高峰高原计划"],
        "多家媒体报道浦东孵化载体升级实践，关注专业孵化器在未来产业布局中的作用。",
    ),
    (
        "合成生物创新沙龙在张江举办",
        NewsCategory.WORK,
        ["创孵沙龙", "合成生物", "张江"],
        "来自高校、企业和投资机构的嘉宾围绕合成生物产业化路径展开讨论。",
    ),
    (
        "创孵智询专家库扩容至200人",
        NewsCategory.WORK,
        ["创孵智询", "专家"],
        "新增投资、技术转移和国际合作领域专家，企业可在线预约一对一咨询。",
    ),
    (
        "陆家嘴大企业开放创新中心发布年度创新需求",
        NewsCategory.WORK,
        ["大企业开放创新中心", "陆家嘴"],
        "围绕金融科技与绿色低碳发布30项创新需求，面向初创企业征集解决方案。",
    ),
    (
        "一家脑机接口初创企业的概念验证实践",
        NewsCategory.CASE,
        ["脑科学", "概念验证中心", "案例"],
        "借助概念验证中心的技术评估与样机支持，团队用一年时间完成了首款产品的临床前验证。",
    ),
    (
        "孵化载体年度绩效评价工作启动",
        NewsCategory.WORK,
        ["绩效评价", "高峰高原计划"],
        "评价围绕孵化成效、服务能力、资源集聚和生态贡献四个维度开展，结果将作为支持政策的重要依据。",
    ),
    (
        "量子科技产业对接会在世博举行",
        NewsCategory.WORK,
        ["量子科技", "对接会", "世博"],
        "会上发布量子测量与量子通信应用场景需求，12家企业与产业方达成合作意向。",
    ),
    (
        "空天技术孵化器落户川沙",
        NewsCategory.MEDIA,
        ["空天技术", "川沙"],
        "孵化器聚焦商业航天与低空经济，首批入孵企业15家。",
    ),
]


def _policy_body():
    """The policy text as heading and paragraph blocks, plus a link to the official original."""
    lines = [line.strip() for line in POLICY_TEXT.read_text(encoding="utf-8").splitlines()]
    paragraphs = [line for line in lines[1:] if line and not line.startswith("［")]
    # The recovered text ends mid-sentence; keep only complete paragraphs.
    while (
        paragraphs
        and not re.search(r"[。：；！）]$", paragraphs[-1])
        and not re.match(r"^[一二三四五六七八九十]+、", paragraphs[-1])
    ):
        paragraphs.pop()
    body = []
    for text in paragraphs:
        if re.match(r"^[一二三四五六七八九十]+、", text) or text == "浦东新区孵化载体全链升级高峰高原计划":
            body.append(("heading", {"text": text, "level": "h2"}))
        elif re.match(r"^（[一二三四五六七八九十]+）", text) and len(text) < 40:
            body.append(("heading", {"text": text, "level": "h3"}))
        else:
            body.append(("paragraph", f"<p>{text}</p>"))
    body.append(
        (
            "call_to_action",
            {
                "title": "以官方发布的原文为准",
                "text": "本站摘录通知及计划前言、指导思想、工作目标。主要任务、保障措施等全文请查阅浦东新区人民政府网站。",
                "link_page": None,
                "link_url": POLICY_SOURCE_URL,
                "link_text": "查看原文",
            },
        )
    )
    return body


def news(ctx):
    home = ctx.objects["home"]
    index = ensure_page(
        ctx,
        home,
        NewsIndexPage,
        "news",
        title="政策与动态",
        show_in_menus=True,
        intro="浦东孵化载体相关政策文件、工作动态、媒体报道与孵化案例。",
    )
    ctx.objects["news_index"] = index

    policy = ensure_page(
        ctx,
        index,
        NewsPage,
        "gaofeng-gaoyuan-plan",
        tags=["高峰高原计划", "孵化载体", "政策文件"],
        title="浦东新区人民政府办公室关于印发《浦东新区孵化载体全链升级高峰高原计划》的通知",
        date=datetime.date(2023, 8, 18),
        category=NewsCategory.POLICY,
        summary="到2025年，建成一批国际领先、国内一流的孵化“高峰”载体，推动大批“高原”载体提质增效，"
        "孵育一批技术尖端、市场成熟的硬核科技领军企业。",
        source="浦东新区人民政府办公室",
        gov_index_no="",
        gov_publisher="政务公开办",
        gov_open_category=GovOpenCategory.ACTIVE,
        gov_doc_no="浦府办〔2023〕27号",
        gov_published_at=datetime.date(2023, 8, 18),
        body=_policy_body(),
    )
    ctx.objects["policy"] = policy

    rng = ctx.rng("news")
    day = 0
    for number, (title, category, tags, summary) in enumerate(NEWS, start=1):
        day += rng.randint(2, 9)
        cover = ensure_image(ctx, f"新闻配图 {number:02d}", tags[0], f"news-{number}")
        paragraphs = [
            summary,
            "据介绍，相关工作将按照《浦东新区孵化载体全链升级高峰高原计划》的部署推进，"
            "进一步提升孵化载体的专业服务能力和资源配置能力。",
            "下一步，浦东将持续完善创新创业生态，为硬核科技企业成长提供全链条支持。",
        ]
        ensure_page(
            ctx,
            index,
            NewsPage,
            f"news-{number:02d}",
            tags=tags,
            title=title,
            date=ANCHOR_DATE - datetime.timedelta(days=day),
            category=category,
            summary=summary,
            source="创孵" if category != NewsCategory.MEDIA else "浦东时报",
            cover_image=cover,
            body=[("paragraph", "".join(f"<p>{p}</p>" for p in paragraphs))],
        )
    ctx.log(f"新闻 {len(NEWS)} 条与政策原文 ✓")
