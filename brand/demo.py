"""Demo content: the five 创孵 service brands (seed policy, task 21), as pages under the home page.

The seed policy's full text of task 21 was not available when this was written, so the descriptions
below are the project's own editorial summaries of each service, not quotations of the policy.
"""

from home.demo_utils import ensure_page

from .models import Brand, BrandPage

BRANDS = [
    (
        Brand.ZHIXUN,
        "zhixun",
        "询",
        "专家问诊，精准解题",
        "汇聚投资、技术、法律、财税与产业专家，为孵化载体和在孵企业提供一对一咨询与诊断。",
        [
            "创孵智询面向浦东各类孵化载体和创新创业企业，组织专家团队围绕技术路线、融资规划、知识产权、"
            "财税合规和市场拓展等问题开展咨询。",
            "企业可在线提交需求，由服务专员匹配合适的专家，约定线上或线下问诊时间；咨询结束后形成服务记录，"
            "便于后续跟踪。",
        ],
    ),
    (
        Brand.XUETANG,
        "xuetang",
        "学",
        "浦东孵化学堂",
        "面向孵化从业人员的系统培训：课程、实训与结业证书，提升孵化服务的专业能力。",
        [
            "创孵学堂（浦东孵化学堂）为孵化器、加速器、众创空间等载体的从业人员开设系统课程，"
            "内容涵盖孵化服务体系、投融资对接、技术转移、企业辅导和运营管理。",
            "学员注册后即可报名课程，完成学时与考核后获得结业证书，学习记录在个人中心可随时查询。",
        ],
    ),
    (
        Brand.SHALONG,
        "shalong",
        "聚",
        "以会聚人，以事促新",
        "创新沙龙、项目路演、供需对接会与行业论坛，让创业者、投资人和产业伙伴在浦东相遇。",
        [
            "创孵沙龙定期举办主题沙龙、项目路演、供需对接会和行业论坛，聚焦集成电路、生物医药、人工智能"
            "以及脑科学、合成生物等未来产业。",
            "活动信息在本站统一发布，读者可在线报名、获取电子票，并在现场扫码签到。",
        ],
    ),
    (
        Brand.YIZHAN,
        "yizhan",
        "站",
        "家门口的孵化服务",
        "分布在各管理局和街镇的服务驿站，就近提供政策咨询、载体推荐和企业服务受理。",
        [
            "创孵驿站设在张江、金桥、外高桥、陆家嘴、临港等区域，是企业身边的孵化服务窗口。",
            "驿站提供政策解读、载体入驻推荐、活动报名协助和服务需求受理，让企业少跑腿、办成事。",
        ],
    ),
    (
        Brand.YUNCHAO,
        "yunchao",
        "超",
        "双创服务一站选购",
        "汇集第三方服务机构的创新创业服务产品目录，企业按需比较、在线提交服务需求。",
        [
            "双创云超汇集检验检测、知识产权、法律财税、人力资源、投融资等第三方机构的服务产品，"
            "统一展示服务内容、适用对象和服务方式。",
            "企业可按类别和需求筛选服务，在线提交服务申请，由服务机构对接办理。",
        ],
    ),
]


def brand_pages(ctx):
    home = ctx.objects["home"]
    for brand, slug, icon, slogan, summary, paragraphs in BRANDS:
        page = ensure_page(
            ctx,
            home,
            BrandPage,
            slug,
            title=brand.label,
            brand=brand.value,
            icon_text=icon,
            slogan=slogan,
            summary=summary,
            show_in_menus=True,
            body=[("paragraph", "".join(f"<p>{p}</p>" for p in paragraphs))],
        )
        ctx.objects[f"brand:{brand.value}"] = page
    ctx.log("五大服务品牌 ✓")
