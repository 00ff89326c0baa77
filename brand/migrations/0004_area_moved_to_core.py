"""`Area` now lives in core (see core 0001): point the catalogue pages at it; only Django's
state changes: the table is the same (core 0002 renames it afterwards)."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("brand", "0003_initial_taxonomy"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="expertpage",
                    name="area",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="experts",
                        to="core.area",
                        verbose_name="所在区域",
                    ),
                ),
                migrations.AlterField(
                    model_name="servicepage",
                    name="areas",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        help_text="不选表示浦东全区适用。",
                        related_name="services",
                        to="core.area",
                        verbose_name="适用区域",
                    ),
                ),
                migrations.AlterField(
                    model_name="stationpage",
                    name="area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="stations",
                        to="core.area",
                        verbose_name="所在区域",
                    ),
                ),
            ]
        )
    ]
