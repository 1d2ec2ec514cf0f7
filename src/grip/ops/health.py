"""What a load balancer or orchestrator asks: is the process alive, and can it serve?

Readiness checks the database (a query), that every migration is applied, the shared cache
(a write and a read), and the identity and pseudonym keys (an encryption round trip). Each
check reports only "ok" or "fout" with a fixed reason: no data, no setting values, no
exception text, since the endpoint needs no login.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

Check = Callable[[], str]  # "" when fine, else a short fixed reason

# Once every migration was applied, it stays so for the life of the process (an upgrade starts
# new processes), so the migration graph is not rebuilt on every probe.
_migrations_seen_applied = False


def database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return ""


def migrations() -> str:
    global _migrations_seen_applied
    if _migrations_seen_applied:
        return ""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return "migraties niet toegepast"
    _migrations_seen_applied = True
    return ""


def shared_cache() -> str:
    key = f"grip:health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    found = cache.get(key)
    cache.delete(key)
    return "" if found == "1" else "cache geeft niet terug wat erin ging"


def keys() -> str:
    from grip.people.identity.cipher import decrypt, encrypt
    from grip.people.identity.keys import key_ring, pseudonym_key

    ring = key_ring()
    token = encrypt("gezondheidscontrole", person_id=0, field="health", ring=ring)
    if decrypt(token, person_id=0, field="health", ring=ring) != "gezondheidscontrole":
        return "sleutels werken niet"
    if len(pseudonym_key()) < 32:
        return "pseudoniemsleutel te kort"
    return ""


CHECKS: dict[str, Check] = {
    "database": database,
    "migrations": migrations,
    "cache": shared_cache,
    "keys": keys,
}


def readiness() -> tuple[bool, dict[str, str]]:
    """Run every check; each says "ok" or its fixed reason ("fout" when it raised)."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            reason = check()
        except Exception:
            reason = "fout"
        results[name] = reason or "ok"
    return all(result == "ok" for result in results.values()), results
