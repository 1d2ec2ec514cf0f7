"""Shared test set-up: reference data once per database, fast hashing, personas."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache
from django.utils import translation

from grip.network.models import Programme
from grip.network.reference import load_reference
from tests.personas import client_for, persona  # noqa: F401 - fixtures for every test


@pytest.fixture(scope="session", autouse=True)
def _flush_through_the_purge_window() -> None:
    """Transactional tests (the browser tests' live server) empty every table with ``flush``
    after each test. On SQLite the access log's append-only triggers (access migration 0006)
    refuse that DELETE unless the purge's window is open; open it for the flush alone, as the
    purge does for its own transaction. PostgreSQL's flush truncates, which the triggers do not
    guard (there the database role does: docs/security.md)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    from django.db.backends.sqlite3.operations import DatabaseOperations

    plain = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):  # type: ignore[no-untyped-def]
        statements = plain(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if not statements:
            return statements
        return [
            "INSERT OR IGNORE INTO grip_purge_window (id) VALUES (1)",
            *statements,
            "DELETE FROM grip_purge_window",
        ]

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (tested in test_auth); tests need speed, not strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    # The cache holds failed-login counters (the lock-out) and just-used TOTP codes (no
    # replay): one test's logins must not lock out or refuse the next test's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _dutch():  # type: ignore[no-untyped-def]
    # A request that switched to English leaves that language active in the thread; every
    # test starts from the default, Dutch, as every request does.
    with translation.override("nl"):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference()


@pytest.fixture
def reference(db):
    """Reference data, reloaded when a transactional (browser) test flushed the database."""
    if not Programme.objects.exists():
        load_reference()


@pytest.fixture
def hotspot(reference) -> Programme:
    return Programme.objects.get(slug="groninger-hotspot")


def pytest_collection_modifyitems(config, items):
    # Browser tests flush the database when they finish; run them last.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
