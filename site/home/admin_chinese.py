"""Chinese names for what the admin shows from database rows Django and Wagtail write in English: model
permissions ("Can add 企业", "Publish any page") and the root page. Run after every migrate (post_migrate),
since Django creates permissions of new models then; rows an administrator renamed are left alone."""

from django.contrib.auth.models import Permission

ACTIONS = {
    "Can add ": "可以添加",
    "Can change ": "可以修改",
    "Can delete ": "可以删除",
    "Can view ": "可以查看",
}
# Model names Django and Wagtail leave in English in permission names.
OBJECTS = {
    "group": "组",
    "redirect": "重定向",
    "site": "站点",
    "task": "工作流任务",
    "workflow": "工作流",
    "page": "页面",
    "user": "用户",
    "permission": "权限",
    "content type": "内容类型",
    "session": "会话",
    "log entry": "日志",
    "image": "图片",
    "document": "文档",
    "collection": "集合",
    "form submission": "表单提交",
    "tag": "标签",
    "tagged item": "标签关联",
    "search promotion": "推荐搜索结果",
    "query": "搜索词",
    "query daily hits": "搜索词每日统计",
}
EXACT = {
    "Can access Wagtail admin": "可以进入后台",
    "Publish any page": "发布任何页面",
    "Delete pages with children": "删除含子页面的页面",
    "Lock/unlock pages you've locked": "锁定或解锁自己锁定的页面",
    "Unlock any page": "解锁任何页面",
    "Bulk delete pages with children": "批量删除含子页面的页面",
    "Can choose document": "可以选择文档",
    "Can choose image": "可以选择图片",
}


def chinese_name(name):
    if name in EXACT:
        return EXACT[name]
    for english, chinese in ACTIONS.items():
        if name.startswith(english):
            thing = name[len(english) :]
            return chinese + OBJECTS.get(thing, thing)
    return name


def translate_names():
    for permission in Permission.objects.filter(name__regex=r"^(Can |Publish |Delete |Lock|Unlock|Bulk )"):
        name = chinese_name(permission.name)
        if name != permission.name:
            Permission.objects.filter(pk=permission.pk).update(name=name)
    from wagtail.models import Page

    Page.objects.filter(depth=1, title="Root").update(title="根目录", draft_title="根目录")


def label_wagtail_fields():
    """Labels Wagtail derives from field names ("Port", "Page"), which no catalogue can translate:
    the sites listing's columns and the page fields of the workflow and group permission forms."""
    from django.utils.text import capfirst
    from django.utils.translation import gettext_lazy as _

    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.models import Site
    from wagtail.sites.views import IndexView
    from wagtail.users.forms import PagePermissionsForm

    for column in IndexView.columns:
        if column.name in ("port", "site_name", "root_page"):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)
    WorkflowPageForm.base_fields["page"].label = _("页面")
    PagePermissionsForm.base_fields["page"].label = _("页面")
