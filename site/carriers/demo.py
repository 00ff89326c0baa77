"""Demo content: 一图一库 with ~90 carriers across Pudong and 320 companies with residency histories.

Rows go through the XLSX importer's `apply_rows`, so the demo is idempotent the same way an import is.
The catalogue (names, slugs, areas, types) comes from a fixed generator so slugs never depend on the seed;
everything else (coordinates, levels, figures, companies, dates) comes from the seeded step generator.
"""

import datetime
import random
from decimal import Decimal

from core.demo import ensure_page
from core.models import Area

from .models import CarrierIndexPage, CarrierLevel, CarrierType, CompanyStage, Industry, LeftReason
from .spreadsheet import apply_rows

ANCHOR_DATE = datetime.date(2026, 11, 20)

# Approximate WGS-84 centres of Pudong's areas, and how many demo carriers each gets.
AREA_CENTRES = {
    "zhangjiang": (31.2040, 121.6010, 18),
    "jinqiao": (31.2600, 121.6150, 10),
    "lingang": (30.9050, 121.9250, 10),
    "lujiazui": (31.2370, 121.5100, 7),
    "shibo": (31.1880, 121.4920, 6),
    "waigaoqiao": (31.3480, 121.5950, 6),
    "chuansha": (31.1950, 121.7000, 5),
    "zhoupu": (31.1150, 121.5750, 4),
    "huinan": (31.0500, 121.7600, 4),
    "gaoqiao": (31.3400, 121.5650, 3),
    "huamu": (31.2150, 121.5550, 4),
    "kangqiao": (31.1400, 121.5900, 4),
    "tangzhen": (31.2150, 121.6550, 4),
    "caolu": (31.2750, 121.6750, 3),
    "zhuqiao": (31.1050, 121.7600, 3),
    "hangtou": (31.0450, 121.6050, 2),
}
AREA_INDUSTRIES = {
    "zhangjiang": ["ic", "biomed", "ai", "brain", "synbio", "quantum"],
    "jinqiao": ["ai", "digital-twin", "aerospace", "ic"],
    "lingang": ["aerospace", "nano", "quantum", "ai", "ic"],
    "lujiazui": ["digital-twin", "ai"],
    "shibo": ["digital-twin", "ai", "synbio"],
    "waigaoqiao": ["biomed", "nano", "digital-twin"],
}
BRANDS = [
    "启明",
    "创芯",
    "智汇",
    "浦江",
    "星河",
    "云帆",
    "科创",
    "远景",
    "领航",
    "海纳",
    "鲲鹏",
    "蓝湾",
    "同创",
    "聚能",
    "知行",
]
TYPE_WEIGHTS = [
    (CarrierType.INCUBATOR, 24),
    (CarrierType.SPECIALISED, 18),
    (CarrierType.MAKERSPACE, 16),
    (CarrierType.ACCELERATOR, 10),
    (CarrierType.GOI, 7),
    (CarrierType.POC, 6),
    (CarrierType.PILOT, 6),
    (CarrierType.TRANSFER, 6),
]
UNIVERSITIES = [
    "复旦大学",
    "上海交通大学",
    "同济大学",
    "华东师范大学",
    "上海科技大学",
    "中国科学院上海分院",
    "上海中医药大学",
]
ENTERPRISES = ["浦东智造集团", "东方电气", "上汽创新", "联影医疗", "中国商飞", "华虹集团", "上海电气"]
SERVICES = [
    "工商注册与财税代理",
    "投融资对接",
    "政策申报辅导",
    "知识产权服务",
    "技术转移与成果转化",
    "创业导师辅导",
    "人才招聘与落户服务",
    "市场推广与渠道对接",
    "检验检测服务",
    "国际合作与出海服务",
    "共享实验室预约",
    "法律咨询",
]
PLATFORMS = [
    ("公共检测平台", "testing"),
    ("EDA设计平台", "rnd"),
    ("GMP中试车间", "pilot"),
    ("智能算力中心", "compute"),
    ("高端仪器共享平台", "equipment"),
    ("生物样本库", "equipment"),
    ("数字孪生仿真平台", "rnd"),
    ("洁净实验室", "pilot"),
]
ROADS = [
    "张江路",
    "祖冲之路",
    "碧波路",
    "金科路",
    "科苑路",
    "金桥路",
    "新金桥路",
    "环湖西二路",
    "世纪大道",
    "浦东南路",
    "博成路",
    "洲海路",
    "川沙路",
    "周康路",
    "拱极路",
    "秀浦路",
    "创新中路",
    "华夏东路",
    "华东路",
    "航城路",
]
COMPANY_HEADS = [
    "芯",
    "智",
    "元",
    "微",
    "星",
    "华",
    "澜",
    "睿",
    "瀚",
    "博",
    "曜",
    "衡",
    "思",
    "量",
    "优",
    "迈",
    "卓",
    "岩",
]
COMPANY_TAILS = [
    "原",
    "科",
    "驰",
    "联",
    "析",
    "创",
    "成",
    "拓",
    "图",
    "维",
    "锐",
    "途",
    "芯",
    "安",
    "泰",
    "研",
    "光",
    "数",
]
INDUSTRY_WORDS = {
    "ic": "半导体",
    "biomed": "生物医药",
    "ai": "智能",
    "brain": "脑科技",
    "synbio": "生物技术",
    "digital-twin": "数字科技",
    "quantum": "量子",
    "nano": "纳米材料",
    "aerospace": "航天科技",
}
PUDONG_DISTRICT_CODE = "310115"


def _catalogue():
    """(slug, title, area slug, type, industries) for every demo carrier; independent of the seed."""
    rng = random.Random("carriers-catalogue")
    industry_slugs = list(INDUSTRY_WORDS)
    names = Industry.objects.in_bulk(field_name="slug")
    types, weights = zip(*TYPE_WEIGHTS, strict=True)
    used = set()
    catalogue = []
    for area_slug, (_, _, count) in AREA_CENTRES.items():
        area_name = Area.objects.get(slug=area_slug).name
        for n in range(1, count + 1):
            carrier_type = rng.choices(types, weights)[0]
            pool = AREA_INDUSTRIES.get(area_slug, industry_slugs)
            industries = rng.sample(pool, k=min(len(pool), rng.choice([1, 1, 2, 2, 3])))
            main = names[industries[0]].name
            for _attempt in range(20):
                brand = rng.choice(BRANDS)
                if carrier_type == CarrierType.GOI:
                    title = f"{rng.choice(ENTERPRISES)}{area_name}开放创新中心"
                elif carrier_type == CarrierType.TRANSFER:
                    title = f"{rng.choice(UNIVERSITIES)}{area_name}成果转移工作站"
                elif carrier_type == CarrierType.MAKERSPACE:
                    title = f"{area_name}{brand}众创空间"
                else:
                    title = f"{area_name}{brand}{main}{carrier_type.label}"
                if title not in used:
                    break
            used.add(title)
            catalogue.append((f"{area_slug}-{n:02d}", title, area_slug, carrier_type, industries))
    return catalogue


def _carrier_rows(ctx):
    rng = ctx.rng("carriers")
    areas = Area.objects.in_bulk(field_name="slug")
    industries = Industry.objects.in_bulk(field_name="slug")
    levels = CarrierLevel.objects.in_bulk(field_name="slug")
    rows = []
    for index, (slug, title, area_slug, carrier_type, industry_slugs) in enumerate(_catalogue()):
        lat0, lng0, _ = AREA_CENTRES[area_slug]
        spread = 0.03 if area_slug == "lingang" else 0.014
        lat = Decimal(f"{lat0 + rng.uniform(-spread, spread):.6f}")
        lng = Decimal(f"{lng0 + rng.uniform(-spread, spread) * 1.15:.6f}")
        roll = rng.random()
        level_slugs = []
        if roll < 0.1:
            level_slugs = ["gaofeng", "shiji"]
        elif roll < 0.38:
            level_slugs = ["gaoyuan"]
        elif roll < 0.7:
            level_slugs = ["shiji"]
        if rng.random() < 0.18:
            level_slugs.append("guojiaji")
        platform_rows = [
            (name, kind, rng.random() < 0.55)
            for name, kind in rng.sample(PLATFORMS, k=rng.choice([0, 1, 1, 2, 3]))
        ]
        area_name = areas[area_slug].name
        short = title.replace(area_name, "", 1) if len(title) > 12 else ""
        rows.append(
            {
                "slug": slug,
                "title": title,
                "short_name": short,
                "carrier_type": carrier_type.value,
                "levels": [levels[s] for s in level_slugs],
                "area": areas[area_slug],
                "industries": [industries[s] for s in industry_slugs],
                "summary": (
                    f"{title}位于浦东新区{areas[area_slug].name}，聚焦{'、'.join(industries[s].name for s in industry_slugs)}领域，"
                    f"为早期科技企业提供空间载体、创业辅导、投融资对接和产业资源链接等服务。"
                ),
                "space_sqm": rng.randrange(1500, 42000, 100),
                "founded_year": rng.randint(2008, 2024),
                "operator": f"上海{areas[area_slug].name}{rng.choice(BRANDS)}科技发展有限公司",
                "services": "\n".join(rng.sample(SERVICES, k=rng.randint(4, 7))),
                "platforms": platform_rows,
                "contact_name": rng.choice(["王", "李", "张", "陈", "刘", "周", "吴"])
                + rng.choice(["老师", "经理", "主任"]),
                "contact_phone": f"021-{rng.randint(5000, 6899)} {rng.randint(1000, 9999)}",
                "contact_email": f"service{index + 1:03d}@carrier.example.cn",
                "address": f"上海市浦东新区{rng.choice(ROADS)}{rng.randint(1, 2999)}号",
                "latitude": lat,
                "longitude": lng,
                "featured": False,
                "reported_incubating": rng.randint(8, 120),
                "reported_graduated": rng.randint(0, 60),
                "reported_hightech": rng.randint(0, 30),
            }
        )
    # The first few 高峰 carriers are the home page's featured ones.
    for row in [r for r in rows if levels["gaofeng"] in r["levels"]][:4]:
        row["featured"] = True
    return rows


def _company_rows(ctx, carrier_rows):
    rng = ctx.rng("companies")
    names_rng = random.Random("companies-catalogue")
    industries = Industry.objects.in_bulk(field_name="slug")
    used = set()
    companies, residencies = [], []
    for i in range(320):
        industry_slug = rng.choice(list(INDUSTRY_WORDS))
        while True:
            short = names_rng.choice(COMPANY_HEADS) + names_rng.choice(COMPANY_TAILS)
            if short not in used:
                break
            short += names_rng.choice(COMPANY_TAILS)
            if short not in used:
                break
        used.add(short)
        name = f"上海{short}{INDUSTRY_WORDS[industry_slug]}有限公司"
        code = f"91{PUDONG_DISTRICT_CODE}MA1K{i + 1:06d}"
        # 1–3 stays; the last one may be current.
        stays = rng.choice([1, 1, 1, 2, 2, 3])
        start = ANCHOR_DATE - datetime.timedelta(days=rng.randint(120, 3200))
        history = []
        for stay in range(stays):
            carrier = rng.choice(
                [r for r in carrier_rows if industries[industry_slug] in r["industries"]] or carrier_rows
            )
            entered = start
            last = stay == stays - 1
            if last and rng.random() < 0.7:
                left, reason = None, ""
            else:
                left = entered + datetime.timedelta(days=rng.randint(200, 1100))
                if left >= ANCHOR_DATE:
                    left, reason = None, ""
                else:
                    reason = (
                        LeftReason.GRADUATED.value if last or rng.random() < 0.3 else LeftReason.MOVED.value
                    )
            history.append((carrier["slug"], entered, left, reason))
            if left is None:
                break
            start = left + datetime.timedelta(days=rng.randint(0, 60))
            if start >= ANCHOR_DATE:
                break
        current = history[-1][2] is None
        if current:
            stage = rng.choice(
                [CompanyStage.INCUBATING] * 5 + [CompanyStage.ENTERING, CompanyStage.ACCELERATING]
            )
        else:
            stage = CompanyStage.GRADUATED
        hightech = rng.random() < 0.35
        companies.append(
            {
                "credit_code": code,
                "name": name,
                "industry": industries[industry_slug],
                "stage": stage.value,
                "is_hightech": hightech,
                "is_specialised": hightech and rng.random() < 0.35,
                "is_little_giant": hightech and rng.random() < 0.08,
                "founded_year": history[0][1].year - rng.randint(0, 2),
                "profile": f"专注{industries[industry_slug].name}领域的科技企业，核心团队来自知名高校和行业龙头企业。",
                "website": "",
                "is_public": rng.random() < 0.92,
                "staff_financing": rng.choice(
                    ["天使轮 500万元", "Pre-A轮 2000万元", "A轮 8000万元", "未融资", "B轮 2亿元"]
                ),
                "staff_contact_name": rng.choice(["赵", "钱", "孙", "李", "周"])
                + rng.choice(["先生", "女士"]),
                "staff_contact_phone": f"139{rng.randint(10000000, 99999999)}",
                "staff_notes": rng.choice(["拟申报高新技术企业", "有扩租需求", "关注人才公寓政策", ""]),
            }
        )
        for slug, entered, left, reason in history:
            residencies.append(
                {
                    "credit_code": code,
                    "carrier": slug,
                    "entered_on": entered,
                    "left_on": left,
                    "left_reason": reason,
                }
            )
    return companies, residencies


def carriers(ctx):
    home = ctx.objects["home"]
    index = ensure_page(
        ctx,
        home,
        CarrierIndexPage,
        "carriers",
        title="一图一库",
        show_in_menus=True,
        intro="浦东新区孵化载体一张图：按类型、级别、区域、产业领域查找孵化器、加速器、众创空间和技术平台。",
        library_intro="在孵、毕业和加速企业的公开信息，可按产业领域、阶段、荣誉资质和所在载体查找。",
        per_page=12,
    )
    ctx.objects["carrier_index"] = index
    carrier_rows = _carrier_rows(ctx)
    company_rows, residency_rows = _company_rows(ctx, carrier_rows)
    stats = {
        name: {"created": 0, "updated": 0, "unchanged": 0}
        for name in ("carriers", "companies", "residencies")
    }
    apply_rows(index, carrier_rows, company_rows, residency_rows, stats)
    for bucket in stats.values():
        for outcome, n in bucket.items():
            ctx.stats[outcome] += n
    ctx.log(f"孵化载体 {len(carrier_rows)} 家、企业 {len(company_rows)} 家 ✓")
