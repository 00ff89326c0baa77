"""Demo content for the site root: home page, about/contact pages, site settings and demo users."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Page, Site

from core.demo import ensure_image, ensure_page, root_page, update_page

from .models import HomePage, SiteSettings, StandardPage

DEMO_PASSWORD = "chuangfu-demo-2026"  # noqa: S105 - printed by load_demo; demo data only
DEMO_USERS = [
    # username, full name, group (None = superuser)
    ("admin", "系统管理员", None),
    ("editor", "内容编辑", "Editors"),
    ("moderator", "审核员", "Moderators"),
]


def site_tree(ctx):
    """The HomePage at the root of the default Site (replacing Wagtail's welcome page)."""
    root = root_page()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's "Welcome to your new Wagtail site!" page holds the slug we want.
        for page in Page.objects.child_of(root).filter(slug="home", content_type__model="page"):
            page.delete()
        home = HomePage(title="创孵", slug="home", seo_title="创孵 · 浦东新区孵化服务品牌")
        root.add_child(instance=home)
        home.save_revision().publish()
        ctx.count("created")
    else:
        ctx.count("unchanged")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="创孵"
        )
        ctx.count("created")
    elif site.root_page_id != home.pk or site.site_name != "创孵":
        site.root_page = home
        site.site_name = "创孵"
        site.save()
        ctx.count("updated")
    ctx.objects["home"] = home
    ctx.log("首页与站点 ✓")


def site_settings(ctx):
    site = Site.objects.get(is_default_site=True)
    settings_obj = SiteSettings.for_site(site)
    wanted = {
        "site_name": "创孵",
        "site_tagline": "浦东新区孵化服务品牌",
        "organiser": "上海市浦东新区科技和经济委员会",
        "icp_number": "沪ICP备2023000000号-1",
        "icp_url": "https://beian.miit.gov.cn/",
        "contact_phone": "021-5000 0000",
        "contact_email": "service@chuangfu.example.cn",
        "contact_address": "上海市浦东新区世纪大道2001号",
    }
    changed = {k: v for k, v in wanted.items() if getattr(settings_obj, k) != v}
    links = [
        ("上海市浦东新区人民政府", "https://www.pudong.gov.cn/"),
        ("上海市科学技术委员会", "https://stcsm.sh.gov.cn/"),
        ("中国政府网", "https://www.gov.cn/"),
        ("上海市人民政府", "https://www.shanghai.gov.cn/"),
    ]
    current_links = [(b.value["title"], b.value["url"]) for b in settings_obj.footer_links]
    if changed or current_links != links:
        for k, v in changed.items():
            setattr(settings_obj, k, v)
        settings_obj.footer_links = [("link", {"title": t, "url": u, "page": None}) for t, u in links]
        settings_obj.save()
        ctx.count("updated")
    else:
        ctx.count("unchanged")
    ctx.log("站点信息 ✓")


def about_pages(ctx):
    home = ctx.objects["home"]
    about = ensure_page(
        ctx,
        home,
        StandardPage,
        "about",
        title="关于创孵",
        show_in_menus=True,
        intro="创孵是浦东新区面向孵化载体与创新创业企业的公共服务品牌。",
        body=[
            ("heading", {"text": "我们做什么", "level": "h2"}),
            (
                "paragraph",
                "<p>依托《浦东新区孵化载体全链升级高峰高原计划》，创孵汇聚专家咨询、人才培训、沙龙活动、"
                "服务驿站和双创服务超市五类服务，并以“一图一库”呈现全区孵化载体和在孵企业，"
                "帮助创业者找到合适的载体、政策和资源。</p>",
            ),
            (
                "call_to_action",
                {
                    "title": "联系我们",
                    "text": "对入驻孵化载体、申报政策或参加活动有疑问？",
                    "link_page": None,
                    "link_url": "",
                    "link_text": "查看联系方式",
                },
            ),
        ],
    )
    contact = ensure_page(
        ctx,
        about,
        StandardPage,
        "contact",
        title="联系我们",
        show_in_menus=False,
        intro="工作日 9:00—17:00 受理咨询。",
        body=[
            (
                "paragraph",
                "<p>电话：021-5000 0000<br>邮箱：service@chuangfu.example.cn<br>"
                "地址：上海市浦东新区世纪大道2001号</p>",
            ),
        ],
    )
    ctx.objects["about"] = about
    ctx.objects["contact"] = contact
    ctx.log("关于我们、联系我们 ✓")


def home_sections(ctx):
    """The home page's sections, composed last so they can link to pages the other steps made."""
    home = ctx.objects["home"]
    news_index = ctx.objects.get("news_index")
    hero_image = ensure_image(ctx, "首页横幅", "", "home-hero")
    body = [
        (
            "hero",
            {
                "eyebrow": "浦东新区孵化服务品牌",
                "title": "创孵 · 让创新在浦东生根",
                "subtitle": "一站式连接孵化载体、专家智库、培训课程与双创服务，陪伴硬核科技企业从萌芽到领跑。",
                "image": {"image": hero_image, "decorative": True, "alt_text": ""},
                "primary_text": "政策与动态",
                "primary_page": news_index,
                "secondary_text": "关于创孵",
                "secondary_page": ctx.objects.get("about"),
            },
        ),
        (
            "brand_tiles",
            {"heading": "创孵服务", "intro": "五大服务品牌，覆盖孵化载体与企业成长全链条。", "brands": []},
        ),
        (
            "stats",
            {
                "heading": "高峰高原计划 · 2025年目标",
                "items": [
                    {"value": "10家", "label": "“高峰”孵化器"},
                    {"value": "100家", "label": "“高原”孵化器"},
                    {"value": "3000家", "label": "硬核科技企业"},
                    {"value": "700家", "label": "高新技术企业"},
                ],
            },
        ),
        ("latest_news", {"heading": "新闻动态", "count": 6, "category": ""}),
        ("upcoming_events", {"heading": "近期活动", "count": 3}),
        ("featured_carriers", {"heading": "孵化载体", "count": 4}),
    ]
    update_page(ctx, home, body=body)
    ctx.log("首页版块 ✓")


def users(ctx):
    User = get_user_model()
    for username, full_name, group_name in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            ctx.count("unchanged")
            continue
        first_name = full_name[1:] if len(full_name) > 1 else full_name
        user = User(
            username=username,
            email=f"{username}@chuangfu.example.cn",
            first_name=first_name,
            last_name=full_name[:1],
            is_staff=True,
            is_superuser=group_name is None,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        ctx.count("created")
    ctx.log(f"用户 admin / editor / moderator（密码 {DEMO_PASSWORD}）✓")
