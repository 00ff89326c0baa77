"""Page permissions of the 学堂管理员 group (created by migration 0003): add, edit and publish below the
academy's index pages (课程, 导师库), granted when such a page is published, so a new site gets them too."""

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

ACADEMY_ADMIN_GROUP = "学堂管理员"
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def grant_index_page(page):
    group = Group.objects.filter(name=ACADEMY_ADMIN_GROUP).first()
    if group is None:
        return
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
