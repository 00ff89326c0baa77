"""Staff roles: the groups that match the work (issue 13), their permissions, and the code that gives
them. The matrix is documented in ARCHITECTURE.md ("Roles"); tests/test_roles.py checks per group what
it can and cannot reach.

`ensure_roles(apps)` creates each group if needed and adds what it lacks, never removing anything an
administrator added. It runs in migration home 0003 (with the historical models: permissions that do
not exist yet are skipped), after every migrate (post_migrate: Django creates new models' permissions
only then), at the end of the demo, and a page of a listed type gets its group's page permissions
when it is published (home/apps.py). Apps are named by label strings only: home imports none of them.
学堂管理员 is the academy's own (academy/permissions.py)."""

SNIPPETS_READ = [("carriers", f"view_{m}") for m in ("company", "industry", "carrierlevel")] + [
    ("core", "view_area")
]
BRAND_TAXONOMIES = [
    (app, f"{action}_{model}")
    for app, model in (("brand", "expertisefield"), ("brand", "servicecategory"))
    for action in ("add", "change", "view")
]
IMAGES_AND_DOCUMENTS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
ALL_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
SECTION_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]

ROLES = {
    # Wagtail's Editors, renamed by migration 0002: add and edit pages anywhere (publishing goes through
    # 审核发布流程), brand taxonomies; sees the company library (read only).
    "内容编辑": {
        "models": [("wagtailadmin", "access_admin"), *BRAND_TAXONOMIES, *SNIPPETS_READ],
        "collections": IMAGES_AND_DOCUMENTS,
        "root_pages": ["add_page", "change_page"],
    },
    # Wagtail's Moderators, renamed: approve (the workflow's task names this group) and publish anywhere.
    "审核员": {
        "models": [("wagtailadmin", "access_admin"), *BRAND_TAXONOMIES, *SNIPPETS_READ],
        "collections": IMAGES_AND_DOCUMENTS,
        "root_pages": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    },
    "载体管理员": {
        "models": [
            ("wagtailadmin", "access_admin"),
            *[("carriers", f"{a}_company") for a in ("add", "change", "delete", "view")],  # change: XLSX
            *[
                ("carriers", f"{a}_{m}")
                for m in ("industry", "carrierlevel")
                for a in ("add", "change", "view")
            ],
            *[("core", f"{a}_area") for a in ("add", "change", "view")],
        ],
        "collections": IMAGES_AND_DOCUMENTS,
        "section_pages": [("carriers", "carrierindexpage")],
    },
    "活动管理员": {
        "models": [
            ("wagtailadmin", "access_admin"),
            ("registrations", "add_registration"),
            ("registrations", "change_registration"),  # actions and check-in
            ("registrations", "view_registration"),
            ("registrations", "view_registration_contact"),
            ("registrations", "view_registrationexport"),
            ("registrations", "add_registrantmessage"),  # mail to registrants
            ("registrations", "view_registrantmessage"),
            ("worker", "view_outgoingmail"),
        ],
        "collections": IMAGES_AND_DOCUMENTS,
        "section_pages": [("events", "eventindexpage")],
    },
    "站点管理员": {
        "models": [
            ("wagtailadmin", "access_admin"),
            *[("accounts", f"{a}_user") for a in ("add", "change", "delete", "view")],
            *[("auth", f"{a}_group") for a in ("add", "change", "delete", "view")],
            *[
                ("wagtailcore", f"{a}_{m}")
                for m in ("site", "workflow", "task", "collection")
                for a in ("add", "change", "delete", "view")
            ],
            *[("wagtailredirects", f"{a}_redirect") for a in ("add", "change", "delete", "view")],
            ("home", "change_sitesettings"),
            ("home", "view_sitesettings"),
            ("worker", "view_outgoingmail"),
            ("worker", "change_outgoingmail"),
            ("core", "view_exportrecord"),
            *BRAND_TAXONOMIES,
            *[("carriers", f"{a}_company") for a in ("add", "change", "delete", "view")],
            *[
                ("carriers", f"{a}_{m}")
                for m in ("industry", "carrierlevel")
                for a in ("add", "change", "view")
            ],
            *[("core", f"{a}_area") for a in ("add", "change", "view")],
            ("registrations", "add_registration"),
            ("registrations", "change_registration"),
            ("registrations", "view_registration"),
            ("registrations", "view_registration_contact"),
            ("registrations", "view_registrationexport"),
            ("registrations", "add_registrantmessage"),
            ("registrations", "view_registrantmessage"),
        ],
        "collections": [
            *IMAGES_AND_DOCUMENTS,
            ("wagtailimages", "delete_image"),
            ("wagtaildocs", "delete_document"),
        ],
        "root_pages": ALL_PAGE_PERMISSIONS,
    },
}
SECTION_MODELS = {model: name for name, role in ROLES.items() for model in role.get("section_pages", [])}


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def _page_permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return list(Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames))


def ensure_roles(apps):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = Collection.objects.filter(depth=1).first()
    root_page = Page.objects.filter(depth=1).first()
    for name, role in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        found = [_permission(apps, *pair) for pair in role["models"]]
        group.permissions.add(*[p for p in found if p is not None])
        if root_collection is not None:
            for pair in role.get("collections", []):
                permission = _permission(apps, *pair)
                if permission is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )
        if root_page is not None:
            for permission in _page_permissions(apps, role.get("root_pages", [])):
                GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)
        for app_label, model in role.get("section_pages", []):
            for page in Page.objects.filter(content_type__app_label=app_label, content_type__model=model):
                for permission in _page_permissions(apps, SECTION_PAGE_PERMISSIONS):
                    GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def grant_section_page(page):
    """A newly published page of a listed type (an event index, a carrier index): its group may run it."""
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import GroupPagePermission

    name = SECTION_MODELS.get((page._meta.app_label, page._meta.model_name))
    group = Group.objects.filter(name=name).first() if name else None
    if group is None:
        return
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=SECTION_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
