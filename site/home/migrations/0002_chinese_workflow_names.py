"""What Wagtail's migrations create in English, named in Chinese: the moderation workflow and its task
("Moderators approval": the editor's button reads 提交给审核发布流程) and the two default groups (Editors,
Moderators: 内容编辑, 审核员; their roles are completed by home/roles.py). Only rows that still carry
Wagtail's English name are renamed."""

from django.db import migrations

NAMES = {"Moderators approval": ("审核发布流程", "审核员审批")}
GROUPS = {"Editors": "内容编辑", "Moderators": "审核员"}


def rename(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    for english, (workflow_name, task_name) in NAMES.items():
        Workflow.objects.filter(name=english).update(name=workflow_name)
        Task.objects.filter(name=english).update(name=task_name)
    Group = apps.get_model("auth", "Group")
    for english, chinese in GROUPS.items():
        if not Group.objects.filter(name=chinese).exists():
            Group.objects.filter(name=english).update(name=chinese)
    # The page tree's and the collections' roots, shown in choosers and group permissions.
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title="Root").update(
        title="根目录", draft_title="根目录"
    )
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name="Root").update(name="全部")


def rename_back(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    for english, (workflow_name, task_name) in NAMES.items():
        Workflow.objects.filter(name=workflow_name).update(name=english)
        Task.objects.filter(name=task_name).update(name=english)
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name="全部").update(name="Root")
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title="根目录").update(
        title="Root", draft_title="Root"
    )
    Group = apps.get_model("auth", "Group")
    for english, chinese in GROUPS.items():
        if not Group.objects.filter(name=english).exists():
            Group.objects.filter(name=chinese).update(name=english)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        # After every Wagtail migration that finds Editors and Moderators by their English names.
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]
    operations = [migrations.RunPython(rename, rename_back)]
