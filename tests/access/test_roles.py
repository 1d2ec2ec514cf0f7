"""Production's database roles (ADR 0053): the app role appends to the access log but cannot
change, delete, empty or unguard it; the retention role can delete expired rows."""

from __future__ import annotations

import uuid

import pytest
from django.db import DatabaseError, connection, transaction

from grip.access.chain import verify
from grip.access.log import record
from grip.access.models import AccessEvent, AccessEventAction
from grip.access.roles import grants_sql

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles: PostgreSQL"),
]


@pytest.fixture
def roles():  # type: ignore[no-untyped-def]
    """Two roles made inside the test's transaction (rolled back with it)."""
    suffix = uuid.uuid4().hex[:8]
    app, retention = f"grip_test_app_{suffix}", f"grip_test_retention_{suffix}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {app} NOLOGIN")
        cursor.execute(f"CREATE ROLE {retention} NOLOGIN")
        cursor.execute(grants_sql(app, retention))
    return app, retention


def as_role(role: str, sql: str, params: list[object] | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute(sql, params)


def test_the_app_role_appends_but_cannot_alter_the_log(roles, persona, hotspot) -> None:
    app, _retention = roles
    user = persona("coordinator")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {app}")
        event = record(user, AccessEventAction.READ, programme=hotspot, persons=["P-ROLE-1"])
    for sql in (
        "UPDATE access_accessevent SET purpose = 'x' WHERE id = %s",
        "DELETE FROM access_accessevent WHERE id = %s",
        "DELETE FROM access_accesseventperson WHERE event_id = %s",
    ):
        with pytest.raises(DatabaseError, match="permission denied"):
            as_role(app, sql, [event.pk])
    for sql in (
        "TRUNCATE access_accessevent",
        "ALTER TABLE access_accessevent DISABLE TRIGGER USER",
        "SELECT set_config('grip.purge', 'on', true); DELETE FROM access_accessevent",
    ):
        with pytest.raises(DatabaseError, match=r"permission denied|must be owner"):
            as_role(app, sql)
    assert AccessEvent.objects.filter(pk=event.pk).exists()
    assert verify().ok


def test_the_retention_role_may_delete_expired_rows_in_the_purge(roles, persona) -> None:
    _app, retention = roles
    event = record(persona("coordinator"), AccessEventAction.READ)
    with pytest.raises(DatabaseError, match="append-only"):  # the trigger still guards
        as_role(retention, "DELETE FROM access_accessevent WHERE id = %s", [event.pk])
    as_role(
        retention,
        "SELECT set_config('grip.purge', 'on', true); DELETE FROM access_accessevent WHERE id = %s",
        [event.pk],
    )
    assert not AccessEvent.objects.filter(pk=event.pk).exists()
