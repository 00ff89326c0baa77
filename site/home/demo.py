"""Demo content for the site root: home page, about/contact pages, site settings and demo users.

The content is in demo_data/ (site.yaml, home_sections.yaml); this module only loads it.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Page, Site

from core.demo import ensure_image, ensure_page, load_demo_data, root_page, stream, update_page

from .models import HomePage, SiteSettings, StandardPage

DEMO_PASSWORD = "chuangfu-demo-2026"  # noqa: S105 - printed by load_demo; demo data only
APP_DIR = Path(__file__).parent
PAGE_KEYS = {"slug", "title", "show_in_menus", "intro", "body"}
# The keys the loader reads from each data file (see core.demo.missing_demo_keys).
REQUIRED_KEYS = {
    "site.yaml": {
        "home": {"slug", "title", "seo_title"},
        "site": {"hostname", "port", "site_name"},
        "settings": {"site_name"},
        "footer_links[]": {"title", "url"},
        "about": PAGE_KEYS,
        "about.body[]": {"type", "value"},
        "contact": PAGE_KEYS,
        "contact.body[]": {"type", "value"},
        "users[]": {"username", "full_name", "group"},
    },
    "home_sections.yaml": {
        "hero_image": {"title", "label", "seed"},
        "body[]": {"type", "value"},
    },
}


def load(name):
    return load_demo_data(APP_DIR, name, required=REQUIRED_KEYS[name])


def site_tree(ctx):
    """The HomePage at the root of the default Site (replacing Wagtail's welcome page)."""
    data = load("site.yaml")
    wanted, wanted_site = data["home"], data["site"]
    root = root_page()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's "Welcome to your new Wagtail site!" page holds the slug we want.
        for page in Page.objects.child_of(root).filter(slug=wanted["slug"], content_type__model="page"):
            page.delete()
        home = HomePage(title=wanted["title"], slug=wanted["slug"], seo_title=wanted["seo_title"])
        root.add_child(instance=home)
        home.save_revision().publish()
        ctx.count("created")
    else:
        ctx.count("unchanged")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=wanted_site["hostname"],
            port=wanted_site["port"],
            root_page=home,
            is_default_site=True,
            site_name=wanted_site["site_name"],
        )
        ctx.count("created")
    elif site.root_page_id != home.pk or site.site_name != wanted_site["site_name"]:
        site.root_page = home
        site.site_name = wanted_site["site_name"]
        site.save()
        ctx.count("updated")
    ctx.objects["home"] = home
    ctx.log("首页与站点 ✓")


def site_settings(ctx):
    data = load("site.yaml")
    site = Site.objects.get(is_default_site=True)
    settings_obj = SiteSettings.for_site(site)
    wanted = data["settings"]
    changed = {k: v for k, v in wanted.items() if getattr(settings_obj, k) != v}
    links = [(link["title"], link["url"]) for link in data["footer_links"]]
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


def _standard_page(ctx, parent, page):
    return ensure_page(
        ctx,
        parent,
        StandardPage,
        page["slug"],
        title=page["title"],
        show_in_menus=page["show_in_menus"],
        intro=page["intro"],
        body=stream(page["body"]),
    )


def _linked(page, pages):
    """`page` with each block's `link_page` slug replaced by that page (None until it exists)."""
    body = [
        {**block, "value": {**block["value"], "link_page": pages.get(block["value"]["link_page"])}}
        if isinstance(block.get("value"), dict) and isinstance(block["value"].get("link_page"), str)
        else block
        for block in page["body"]
    ]
    return {**page, "body": body}


def about_pages(ctx):
    data = load("site.yaml")
    home = ctx.objects["home"]
    contact_slug = data["contact"]["slug"]
    existing = StandardPage.objects.filter(slug=contact_slug, depth=home.depth + 2).first()
    about = _standard_page(ctx, home, _linked(data["about"], {contact_slug: existing}))
    contact = _standard_page(ctx, about, data["contact"])
    if existing is None:  # the 联系我们 button points at the page made just now
        about = _standard_page(ctx, home, _linked(data["about"], {contact_slug: contact}))
    ctx.objects["about"] = about
    ctx.objects["contact"] = contact
    ctx.log("关于我们、联系我们 ✓")


def home_sections(ctx):
    """The home page's sections, composed last so they can link to pages the other steps made."""
    data = load("home_sections.yaml")
    home = ctx.objects["home"]
    image = data["hero_image"]
    hero_image = ensure_image(ctx, image["title"], image["label"], image["seed"])
    body = stream(data["body"])
    for block_type, value in body:
        if block_type == "hero":
            # The data names the image and pages; the blocks want the objects.
            value["image"] = {"image": hero_image, **value["image"]}
            value["primary_page"] = ctx.objects.get(value["primary_page"])
            value["secondary_page"] = ctx.objects.get(value["secondary_page"])
    update_page(ctx, home, body=body)
    ctx.log("首页版块 ✓")


def users(ctx):
    from django.apps import apps

    from .roles import ensure_roles

    ensure_roles(apps)  # the staff roles, with page permissions on the demo's event and carrier indexes
    User = get_user_model()
    entries = load("site.yaml")["users"]
    for entry in entries:
        username, full_name, group_name = entry["username"], entry["full_name"], entry["group"]
        if User.objects.filter(username=username).exists():
            ctx.count("unchanged")
            continue
        user = User(
            username=username,
            email=f"{username}@chuangfu.example.cn",
            name=full_name,
            is_staff=True,
            is_superuser=group_name is None,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        ctx.count("created")
    ctx.log(f"用户 {' / '.join(entry['username'] for entry in entries)}（密码 {DEMO_PASSWORD}）✓")
