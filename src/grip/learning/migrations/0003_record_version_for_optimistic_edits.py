"""Turning points, outcomes and agreed actions can be corrected: each gets the ``version`` that
an edit form posts back, so a save made on an older version is refused (ADR 0005). Existing
records start at version 1, as a new one does."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0002_session_case_purged_at_for_retention"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreedaction",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="sessionoutcome",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="turningpoint",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
