"""The registration engine's models now belong to the registrations app (see registrations 0001), on the
same tables: the event page's link points at registrations.RegistrationTarget; the database is unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("registrations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="eventpage",
                    name="registration_target",
                    field=models.OneToOneField(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="event_page",
                        to="registrations.registrationtarget",
                    ),
                ),
                migrations.DeleteModel(name="RegistrationExport"),
                migrations.DeleteModel(name="Registration"),
                migrations.DeleteModel(name="RegistrationTarget"),
            ],
        ),
    ]
