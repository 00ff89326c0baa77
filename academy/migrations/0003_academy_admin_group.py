"""学堂管理员: the group that runs the academy (see academy/permissions.py for what it holds and why).

This creates the group and gives it the permissions that already exist. Django creates the permissions
of new models only after all migrations ran, so on a new database the rest is added by
academy.permissions.ensure_group on post_migrate. Nothing here creates content types: rows made from a
historical state would collide when migrations are unapplied (tests/test_migrations.py goes back and
forth)."""

from django.db import migrations

GROUP = "学堂管理员"
PERMISSIONS = [
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


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    for app_label, codename in PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("academy", "0002_initial_tracks"),
        ("registrations", "0002_constraint_names"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # After Wagtail's data migrations that hand permissions to every admin group (documents 0011 gives
        # choose_document to each group with access_admin), so the group holds exactly its own list.
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_group, remove_group)]
