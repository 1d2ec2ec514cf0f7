"""On PostgreSQL, a trigger refuses UPDATE and DELETE on the access log (NEN 7513).

The model and its queryset refuse them already; the trigger also stops raw SQL, a shell, or a
future code path. SQLite has no such trigger here (it is the development database). DELETE is let through only
while the retention purge has switched on ``grip.purge`` for its own transaction
(docs/retention.md, "Append-only tables").
TRUNCATE is not caught (row triggers do not fire on it): test databases are flushed that way.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION grip_access_log_append_only() RETURNS trigger AS $$
BEGIN
    -- The one deletion allowed: the retention purge, past the retention period, inside its
    -- own transaction (grip.retention.append_only.delete_expired_rows sets this, locally).
    IF TG_OP = 'DELETE' AND current_setting('grip.purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'The access log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_accessevent_append_only
    BEFORE UPDATE OR DELETE ON access_accessevent
    FOR EACH ROW EXECUTE FUNCTION grip_access_log_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS access_accessevent_append_only ON access_accessevent;
DROP FUNCTION IF EXISTS grip_access_log_append_only();
"""


def _on_postgresql(sql: str):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # the SQL holds a literal %

    return run


class Migration(migrations.Migration):
    dependencies = [("access", "0003_access_log_nen7513_and_break_glass")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
