"""The chain's database side (ADR 0053), and the append-only guard on SQLite too.

- Rows written before the chain are chained now, in the order they were written.
- PostgreSQL: ``grip_access_chain_head()`` takes the chain's advisory lock and then reads the
  head, in one round trip (its second statement sees what the previous holder committed);
  the append-only trigger of migration 0004 guards the persons shown as well, and the
  tombstones get one that refuses every UPDATE and DELETE.
- SQLite: triggers refuse UPDATE always and DELETE unless the purge holds its window open
  (a row in ``grip_purge_window``, written and removed inside the purge's own transaction;
  SQLite runs one writing transaction at a time, so no other writer ever sees it).
"""

import datetime as dt
import hmac

import orjson
from django.conf import settings
from django.db import migrations

CHAIN_LOCK = 0x6772696C  # "gril": the advisory lock of the access log's chain head

PG_CREATE = f"""
CREATE OR REPLACE FUNCTION grip_access_chain_head(OUT seq bigint, OUT hash varchar)
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({CHAIN_LOCK});
    -- A new statement, a new snapshot (READ COMMITTED): the previous holder's rows are seen.
    -- The newest place: a row's, or one the purge removed (its tombstone's).
    SELECT place.seq, place.hash INTO seq, hash FROM (
        (SELECT e.chain_seq AS seq, e.chain_hash AS hash FROM access_accessevent e
            WHERE e.chain_seq IS NOT NULL ORDER BY e.chain_seq DESC LIMIT 1)
        UNION ALL
        (SELECT t.last_seq, t.last_hash FROM access_accesslogtombstone t
            ORDER BY t.last_seq DESC LIMIT 1)
    ) AS place ORDER BY place.seq DESC LIMIT 1;
END;
$$ LANGUAGE plpgsql VOLATILE;
CREATE TRIGGER access_accesseventperson_append_only
    BEFORE UPDATE OR DELETE ON access_accesseventperson
    FOR EACH ROW EXECUTE FUNCTION grip_access_log_append_only();
CREATE OR REPLACE FUNCTION grip_access_tombstone_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The access log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_accesslogtombstone_append_only
    BEFORE UPDATE OR DELETE ON access_accesslogtombstone
    FOR EACH ROW EXECUTE FUNCTION grip_access_tombstone_append_only();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS access_accesslogtombstone_append_only ON access_accesslogtombstone;
DROP FUNCTION IF EXISTS grip_access_tombstone_append_only();
DROP TRIGGER IF EXISTS access_accesseventperson_append_only ON access_accesseventperson;
DROP FUNCTION IF EXISTS grip_access_chain_head();
"""

_REFUSE = "SELECT RAISE(ABORT, 'The access log is append-only');"
SQLITE_CREATE = [
    "CREATE TABLE IF NOT EXISTS grip_purge_window (id INTEGER PRIMARY KEY)",
    *[
        statement
        for table in ("access_accessevent", "access_accesseventperson")
        for statement in (
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN {_REFUSE} END",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"WHEN NOT EXISTS (SELECT 1 FROM grip_purge_window) BEGIN {_REFUSE} END",
        )
    ],
    "CREATE TRIGGER access_accesslogtombstone_no_update BEFORE UPDATE ON "
    f"access_accesslogtombstone BEGIN {_REFUSE} END",
    "CREATE TRIGGER access_accesslogtombstone_no_delete BEFORE DELETE ON "
    f"access_accesslogtombstone BEGIN {_REFUSE} END",
]
SQLITE_DROP = [
    *[
        f"DROP TRIGGER IF EXISTS {table}_{what}"
        for table in ("access_accessevent", "access_accesseventperson", "access_accesslogtombstone")
        for what in ("no_update", "no_delete")
    ],
    "DROP TABLE IF EXISTS grip_purge_window",
]


def chain_earlier_rows(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Chain the rows written before the chain existed, in the order they were written (the
    same link as ``grip.access.chain.link``, spelt out: migrations do not import app code)."""
    event = apps.get_model("access", "AccessEvent")
    fields = (
        "user_id", "responsible_user_id", "organisation", "role", "action", "programme",
        "object_type", "object_id", "person_key", "purpose", "outcome", "break_glass",
    )  # fmt: skip
    key = bytes(settings.GRIP_AUDIT_KEY)
    previous, seq = "0" * 64, 0
    table = schema_editor.connection.ops.quote_name(event._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER access_accessevent_append_only")
        for row in event.objects.order_by("id").values_list("id", "at", *fields).iterator():
            seq += 1
            at = row[1].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
            message = orjson.dumps([seq, at, *row[2:], []])
            previous = hmac.digest(key, previous.encode() + message, "sha256").hex()
            cursor.execute(
                f"UPDATE {table} SET chain_seq = %s, chain_hash = %s WHERE id = %s",  # noqa: S608
                [seq, previous, row[0]],
            )
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER access_accessevent_append_only")


def create_guards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_CREATE, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement, params=None)


def drop_guards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("access", "0005_access_log_chain")]

    operations = [
        migrations.RunPython(chain_earlier_rows, migrations.RunPython.noop),
        migrations.RunPython(create_guards, drop_guards),
    ]
