"""The 学堂管理员 group: exactly what running the academy needs (issue 10, staff side).

Model permissions: sessions and tracks; attendance and certificates (no delete: both are records); the
registration engine's list, add, change, contact and export audit (enrollment lists, approval, export);
the admin itself. Collection permissions: choosing and uploading images (course covers, mentor photos).
Page permissions: add, edit and publish below the academy's index pages (课程, 导师库).

Migration 0003 creates the group with the permissions that exist at that point; Django creates model
permissions only after all migrations ran, so `ensure_group` runs again after every migrate (post_migrate)
and adds what is missing. Publishing an academy index page grants the page permissions on it."""

from django.contrib.auth.models import Group, Permission

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

ACADEMY_ADMIN_GROUP = "学堂管理员"
MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("academy", "add_coursesession"),
    ("academy", "change_coursesession"),
    ("academy", "delete_coursesession"),
    ("academy", "view_coursesession"),
    ("academy", "add_track"),
    ("academy", "change_track"),
    ("academy", "view_track"),
    ("academy", "add_attendance"),
    ("academy", "change_attendance"),
    ("academy", "view_attendance"),
    ("academy", "add_certificate"),
    ("academy", "change_certificate"),
    ("academy", "view_certificate"),
    ("registrations", "add_registration"),
    ("registrations", "change_registration"),
    ("registrations", "view_registration"),
    ("registrations", "view_registration_contact"),
    ("registrations", "view_registrationexport"),
]
COLLECTION_PERMISSIONS = [("wagtailimages", "add_image"), ("wagtailimages", "choose_image")]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
INDEX_MODELS = ["courseindexpage", "mentorindexpage"]


def _permissions(pairs):
    found = []
    for app_label, codename in pairs:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            found.append(permission)
    return found


def ensure_group():
    """Create the group if needed and add whatever of its permissions exist and it lacks (never removes
    anything an administrator added)."""
    group, _created = Group.objects.get_or_create(name=ACADEMY_ADMIN_GROUP)
    group.permissions.add(*_permissions(MODEL_PERMISSIONS))
    root = Collection.get_first_root_node()
    if root is not None:
        for permission in _permissions(COLLECTION_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )
    for page in Page.objects.filter(content_type__app_label="academy", content_type__model__in=INDEX_MODELS):
        grant_index_page(page, group)
    return group


def grant_index_page(page, group=None):
    group = group or Group.objects.filter(name=ACADEMY_ADMIN_GROUP).first()
    if group is None:
        return
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
