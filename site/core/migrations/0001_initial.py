"""`Area` moves from the carriers app to core (brand and carriers both use it): the rows, their ids and the
content type stay. Here only Django's state moves (on the old table); carriers 0003 and brand 0004 point
their foreign keys at core.Area, and core 0002 renames the table once nothing refers to carriers.Area."""

from django.db import migrations, models


def move_content_type(apps, schema_editor, old="carriers", new="core"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="area").exists():
        ContentType.objects.filter(app_label=old, model="area").update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="core", new="carriers")


class Migration(migrations.Migration):
    dependencies = [
        ("carriers", "0002_initial_taxonomy"),
        # Every migration that created a foreign key to carriers.Area runs before the table is renamed.
        ("brand", "0003_initial_taxonomy"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Area",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=40, unique=True, verbose_name="名称")),
                        ("slug", models.SlugField(max_length=40, unique=True, verbose_name="标识")),
                        ("sort_order", models.PositiveSmallIntegerField(default=100, verbose_name="排序")),
                    ],
                    options={
                        "verbose_name": "区域",
                        "verbose_name_plural": "区域",
                        "ordering": ["sort_order", "name"],
                        "abstract": False,
                        "db_table": "carriers_area",
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
