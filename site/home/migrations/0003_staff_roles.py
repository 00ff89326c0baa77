"""The staff roles (home/roles.py): 内容编辑, 审核员, 载体管理员, 活动管理员, 站点管理员, with the permissions
that exist at this point; the rest is added after every migrate (home/apps.py). Idempotent; nothing
here creates content types (rows made from a historical state would collide when migrations go back
and forth, see tests/test_migrations.py)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from home.roles import ensure_roles

    ensure_roles(apps)


def remove_roles(apps, schema_editor):
    # 内容编辑 and 审核员 are Wagtail's own groups (renamed by 0002): keep them.
    apps.get_model("auth", "Group").objects.filter(name__in=["载体管理员", "活动管理员", "站点管理员"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_chinese_workflow_names"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
