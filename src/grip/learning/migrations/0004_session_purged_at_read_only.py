"""A session past retention is marked when the purge anonymises it, and is read-only from then
on (ADR 0070). Sessions purged before this migration are not marked; the next purge run marks
them, since it goes over every expired session."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('learning', '0003_record_version_for_optimistic_edits'),
    ]

    operations = [
        migrations.AddField(
            model_name='reflectionsession',
            name='purged_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
