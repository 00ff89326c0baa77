# The user's carrier, once carriers exist (see 0001).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('carriers', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='carrier',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='carriers.carrierpage', verbose_name='所在载体'),
        ),
    ]
