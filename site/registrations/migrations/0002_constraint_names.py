# The engine's constraints are named after its own app (they were events_reg_*); the rows are untouched.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registrations', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='registration',
            name='events_reg_one_active_per_mobile',
        ),
        migrations.RemoveConstraint(
            model_name='registration',
            name='events_reg_one_active_per_email',
        ),
        migrations.RemoveConstraint(
            model_name='registration',
            name='events_reg_one_active_per_user',
        ),
        migrations.RemoveConstraint(
            model_name='registration',
            name='events_reg_one_per_submission',
        ),
        migrations.RemoveConstraint(
            model_name='registration',
            name='events_reg_party_size_positive',
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['pending', 'confirmed', 'offered', 'attended', 'no_show', 'waitlisted'])), fields=('target', 'mobile'), name='registrations_one_active_per_mobile'),
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['pending', 'confirmed', 'offered', 'attended', 'no_show', 'waitlisted']), models.Q(('email', ''), _negated=True)), fields=('target', 'email'), name='registrations_one_active_per_email'),
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['pending', 'confirmed', 'offered', 'attended', 'no_show', 'waitlisted']), ('user__isnull', False)), fields=('target', 'user'), name='registrations_one_active_per_user'),
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.UniqueConstraint(condition=models.Q(('submission_key', ''), _negated=True), fields=('target', 'submission_key'), name='registrations_one_per_submission'),
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.CheckConstraint(condition=models.Q(('party_size__gte', 1)), name='registrations_party_size_positive'),
        ),
    ]
