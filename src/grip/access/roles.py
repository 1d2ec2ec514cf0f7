"""The database privileges of production (ADR 0053): the app appends to the access log and
changes nothing in it; a retention role may delete what expired; a migration role owns it all.

``grants_sql`` is what the owner runs after every ``migrate`` (``manage.py access_log_grants``
prints it): tables created since get their privileges, and the log's are taken back.
"""

from __future__ import annotations

import re

# The access log's tables: the app may read and insert, never change or empty them.
LOG_TABLES = ("access_accessevent", "access_accesseventperson", "access_accesslogtombstone")
# What the retention role may delete besides what the app may: expired rows of the log (the
# tombstones stay).
PURGED_LOG_TABLES = ("access_accessevent", "access_accesseventperson")
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def grants_sql(app_role: str, retention_role: str, schema: str = "public") -> str:
    for name in (app_role, retention_role, schema):
        if not ROLE_NAME.match(name):
            raise ValueError(f"Not a plain role or schema name: {name!r}")
    log = ", ".join(LOG_TABLES)
    purged = ", ".join(PURGED_LOG_TABLES)
    # names checked above; table names are constants
    return f"""-- Run as the owner of Grip's tables (the migration role), after every migrate.
GRANT USAGE ON SCHEMA {schema} TO {app_role}, {retention_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app_role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app_role};
GRANT EXECUTE ON FUNCTION grip_access_chain_head() TO {app_role};
-- The access log: read and append only (no UPDATE, DELETE or TRUNCATE; not the owner, so no
-- ALTER TABLE … DISABLE TRIGGER either).
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {log} FROM {app_role};
-- The retention role (manage.py purge, from cron) is the app plus deleting expired log rows.
GRANT {app_role} TO {retention_role};
GRANT DELETE ON {purged} TO {retention_role};
"""  # noqa: S608
