"""/health/live and /health/ready: no login, JSON, no data; ready says what is missing."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from grip.ops import health


@pytest.mark.django_db
def test_live_answers_without_login() -> None:
    response = Client().get(reverse("health:live"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_checks_database_migrations_cache_and_keys() -> None:
    response = Client().get(reverse("health:ready"))
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "keys": "ok"},
    }


@pytest.mark.django_db
def test_ready_is_503_with_the_failing_check_and_no_detail(monkeypatch) -> None:
    def broken() -> str:
        raise RuntimeError("secret detail: postgres://user:password@db")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = Client().get(reverse("health:ready"))
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["database"] == "fout"
    assert b"password" not in response.content


@pytest.mark.django_db
def test_ready_sees_unapplied_migrations(monkeypatch) -> None:
    monkeypatch.setattr(health, "_migrations_seen_applied", False)
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)]
    )
    response = Client().get(reverse("health:ready"))
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["migrations"] == "migraties niet toegepast"


@pytest.mark.django_db
def test_ready_sees_an_unreachable_cache(settings) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    # (Django's settings signal rebuilds the cache handler for the changed CACHES.)
    response = Client().get(reverse("health:ready"))
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["cache"] == "fout"


def test_probes_are_not_redirected_to_https(settings) -> None:
    assert any(pattern == r"^health/" for pattern in settings.SECURE_REDIRECT_EXEMPT)


def test_deploy_check_asks_for_a_shared_cache_in_production(settings) -> None:
    from grip.ops.checks import shared_cache_in_production

    settings.IS_PRODUCTION, settings.GRIP_CACHE_URL = True, ""
    assert [w.id for w in shared_cache_in_production(None)] == ["grip.W001"]
    settings.GRIP_CACHE_URL = "redis://127.0.0.1:6379/0"
    assert shared_cache_in_production(None) == []
