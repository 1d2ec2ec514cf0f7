"""Hardening: Content-Security-Policy, HSTS and secure cookies, no caching of pages, CSRF,
upload limits, and production settings that refuse insecure defaults (check --deploy clean)."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.personas import logged_in_client

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "src" / "grip"


def test_csp_forbids_inline_script_and_style(client: Client) -> None:
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def _screen_templates() -> list[Path]:
    # Print and PDF templates may carry their own <style> (WeasyPrint; never shown as a page).
    return [
        path
        for path in TEMPLATES.rglob("templates/**/*.html")
        if not re.search(r"(print|pdf)", str(path.relative_to(TEMPLATES)))
    ]


def test_no_screen_template_has_inline_script_or_style() -> None:
    offenders = []
    for path in _screen_templates():
        html = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{path}: {tag}")
        if re.search(r"\sstyle=|<style\b|\son[a-z]+=", html):
            offenders.append(f"{path}: inline style or event handler")
    assert offenders == []


def test_authenticated_pages_are_never_cached(persona) -> None:
    response = logged_in_client(persona("coordinator")).get(reverse("home"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_csrf_is_checked_on_every_post(persona) -> None:
    client = logged_in_client(persona("coordinator"), enforce_csrf_checks=True)
    assert client.post(reverse("logout")).status_code == 403
    assert client.post(reverse("triage:import_upload")).status_code == 403
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post(reverse("login"), {"login": "x", "password": "y"}).status_code == 403


def test_hsts_and_secure_redirect_when_configured(client: Client, settings) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def _upload(client: Client, data: bytes, name: str, content_type: str = "text/csv") -> str:
    file = SimpleUploadedFile(name, data, content_type=content_type)
    response = client.post(reverse("triage:import_upload"), {"file": file})
    assert response.status_code == 400  # refused by the form, before any row is read
    return response.content.decode()


def test_the_import_refuses_what_is_not_a_csv(persona, settings) -> None:
    client = logged_in_client(persona("coordinator"))
    assert "Alleen een CSV-bestand" in _upload(client, b"MZ\x90\x00", "tool.exe")
    assert "geen CSV-tekstbestand" in _upload(client, b"PK\x03\x04\x00\x00", "situaties.csv")
    assert "geen CSV-tekstbestand" in _upload(
        client, b"a,b\n", "situaties.csv", "application/x-msdownload"
    )
    settings.GRIP_IMPORT_MAX_MB = 1
    assert "groter dan 1 MB" in _upload(client, b"a" * (1024 * 1024 + 1), "situaties.csv")


def test_a_too_large_form_post_is_refused(persona) -> None:
    client = logged_in_client(persona("coordinator"))
    response = client.post(reverse("logout"), {"x": "a" * (3 * 1024 * 1024)})
    assert response.status_code == 400


def _production_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GRIP_") and key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        GRIP_ENV="production",
        GRIP_SECRET_KEY="x" * 20 + base64.b64encode(os.urandom(48)).decode(),
        GRIP_ALLOWED_HOSTS="grip.example.org",
        GRIP_IDENTITY_KEYS="k1:" + base64.b64encode(os.urandom(32)).decode(),
        GRIP_PSEUDONYM_KEY=base64.b64encode(os.urandom(32)).decode(),
        GRIP_AUDIT_KEY=base64.b64encode(os.urandom(32)).decode(),
        # production runs on PostgreSQL (these commands do not connect to it)
        DATABASE_URL="postgres://grip@127.0.0.1:5432/grip_production_check",
        GRIP_VAR_DIR=str(ROOT / "var"),
        # Production shares lock-outs and used codes between workers (deploy check grip.W001).
        GRIP_CACHE_URL="redis://127.0.0.1:6379/0",
        DJANGO_SETTINGS_MODULE="grip.settings",
    )
    env.update(extra)
    return env


def _manage(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=_production_env(**extra),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_for_the_production_settings() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_uses_host_only_secure_cookies() -> None:
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.DEBUG)"
    )
    result = _manage("shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "__Host-grip-session",
        "__Host-grip-csrf",
        "True",
        "True",
        "31536000",
        "True",
        "False",
    ]


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("GRIP_SECRET_KEY", "grip-development-only-not-secret", "GRIP_SECRET_KEY"),
        ("GRIP_DEBUG", "1", "GRIP_DEBUG"),
        ("GRIP_ALLOWED_HOSTS", "*", "GRIP_ALLOWED_HOSTS"),
        ("GRIP_ALLOWED_HOSTS", "", "GRIP_ALLOWED_HOSTS"),
        ("GRIP_IDENTITY_KEYS", "", "GRIP_IDENTITY_KEYS"),
        ("GRIP_AUDIT_KEY", "", "GRIP_AUDIT_KEY"),
        ("GRIP_AUDIT_KEY", "Z3JpcC1kZXYtYXVkaXQta2V5LU5PVC1TRUNSRVQtMDAw", "GRIP_AUDIT_KEY"),
        ("DATABASE_URL", "sqlite:////tmp/grip-production.sqlite3", "PostgreSQL"),
        ("GRIP_OIDC_ENABLED", "1", "GRIP_OIDC"),
    ],
)
def test_production_refuses_insecure_defaults(setting: str, value: str, message: str) -> None:
    result = _manage("check", **{setting: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_a_nul_byte_in_a_filter_or_form_is_refused_not_a_server_error(client_for) -> None:
    client = client_for("coordinator")
    answer = client.get(reverse("followup:overview"), {"programme": "groninger\x00hotspot"})
    assert answer.status_code == 400
    assert "ongeldig teken" in answer.content.decode()
    assert client.post(reverse("intake:incident_create"), {"number": "A\x00B"}).status_code == 400
    assert client.get(reverse("followup:overview")).status_code == 200
