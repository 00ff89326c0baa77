"""`Area` now lives in core (see core 0001): point the carrier's foreign key at it; only Django's
state changes: the table is the same (core 0002 renames it afterwards)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("carriers", "0002_initial_taxonomy"),
        ("core", "0001_initial"),
        ("brand", "0004_area_moved_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="carrierpage",
                    name="area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="carriers",
                        to="core.area",
                        verbose_name="所在区域",
                    ),
                ),
                migrations.DeleteModel(name="Area"),
            ]
        )
    ]
