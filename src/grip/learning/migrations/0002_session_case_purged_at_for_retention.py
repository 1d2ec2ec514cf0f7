"""A session case past retention loses its person, trajectory and response links: it records
when (``purged_at``), and only an unpurged case must still have a trajectory or a response."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_cycles_sessions_turning_points_actions"),
    ]

    operations = [
        migrations.AddField(
            model_name="sessioncase",
            name="purged_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RemoveConstraint(
            model_name="sessioncase",
            name="case_has_a_source",
        ),
        migrations.AddConstraint(
            model_name="sessioncase",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("trajectory__isnull", False),
                    ("response__isnull", False),
                    ("purged_at__isnull", False),
                    _connector="OR",
                ),
                name="case_has_a_source_until_purged",
            ),
        ),
    ]
