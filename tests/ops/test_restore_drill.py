"""The restore drill of docs/deploy.md, on PostgreSQL: dump the database with pg_dump, restore
it into a fresh database with pg_restore, and read the identities back with the keys from
their separate backup. Without the keys the dump alone reveals nobody."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg.rows import dict_row

from grip.people.identity.cipher import IdentityDecryptionError
from grip.people.identity.config import parse_key_ring
from grip.people.identity.keys import key_ring
from grip.people.identity.records import unseal
from grip.people.models import PersonIdentity
from tests.factories import PersonFactory
from tests.people.synthetic import key, sample_identity, store_identity

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only


@pytest.fixture
def postgres() -> dict[str, str]:
    if connection.vendor != "postgresql":
        pytest.skip("the restore drill needs PostgreSQL (DATABASE_URL=postgres://…)")
    if not shutil.which("pg_dump"):
        message = "pg_dump/pg_restore missing (apt-get install postgresql-client)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    settings = connection.settings_dict
    return {
        "host": settings.get("HOST") or "127.0.0.1",
        "port": str(settings.get("PORT") or 5432),
        "user": settings.get("USER") or "postgres",
        "password": settings.get("PASSWORD") or "",
        "name": settings["NAME"],
    }


def _pg(args: list[str], pg: dict[str, str]) -> None:
    env = {**os.environ, "PGPASSWORD": pg["password"]}
    common = ["-h", pg["host"], "-p", pg["port"], "-U", pg["user"]]
    subprocess.run([args[0], *common, *args[1:]], env=env, check=True, capture_output=True)  # noqa: S603


@pytest.fixture
def restored_name(postgres: dict[str, str]) -> Iterator[str]:
    name = f"{postgres['name']}_restore_{uuid.uuid4().hex[:6]}"
    yield name
    _pg(["dropdb", "--if-exists", name], postgres)


def test_a_dump_restores_into_a_fresh_database_and_identities_still_decrypt(
    postgres: dict[str, str], restored_name: str, tmp_path: Path
) -> None:
    people = [PersonFactory() for _ in range(3)]
    for seed, person in enumerate(people, start=1):
        store_identity(person, sample_identity(seed))
    dump = tmp_path / "grip.dump"

    # The commands of docs/deploy.md ("Back-ups" and "Restore").
    _pg(["pg_dump", "--format=custom", f"--file={dump}", postgres["name"]], postgres)
    _pg(["createdb", restored_name], postgres)
    _pg(["pg_restore", "--no-owner", f"--dbname={restored_name}", str(dump)], postgres)

    with psycopg.connect(
        host=postgres["host"],
        port=postgres["port"],
        user=postgres["user"],
        password=postgres["password"] or None,
        dbname=restored_name,
        row_factory=dict_row,
    ) as restored:
        rows = restored.execute(
            f"SELECT * FROM {PersonIdentity._meta.db_table} ORDER BY person_id"  # noqa: S608
        ).fetchall()
        migrations = restored.execute("SELECT count(*) AS n FROM django_migrations").fetchone()
    assert migrations is not None
    assert migrations["n"] > 0
    assert [row["person_id"] for row in rows] == [person.pk for person in people]
    identities = [unseal(PersonIdentity(**row), key_ring()) for row in rows]
    assert identities == [sample_identity(seed) for seed in (1, 2, 3)]
    # The dump alone (without the separately kept keys) opens nothing.
    other_keys = parse_key_ring(f"other:{key(7)}")
    with pytest.raises(IdentityDecryptionError):
        unseal(PersonIdentity(**rows[0]), other_keys)
