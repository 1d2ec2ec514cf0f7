"""The contract: /api/v1/schema/ serves the OpenAPI 3.1 document that is checked in at
docs/api/openapi.yaml (an unintended change fails here), and /api/v1/docs/ is a page served by
Grip itself, without a CDN and within the Content-Security-Policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

CHECKED_IN = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"
REGENERATE = (
    "PYTHONPATH=src .venv/bin/python manage.py spectacular --file docs/api/openapi.yaml --validate"
)


def test_the_schema_is_the_checked_in_contract(tmp_path) -> None:
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert generated.read_text() == CHECKED_IN.read_text(), (
        f"the API changed its contract: if intended, run `{REGENERATE}` and commit it"
    )


@pytest.mark.django_db
def test_the_served_schema_is_openapi_3_1() -> None:
    response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    served = yaml.safe_load(response.content)
    assert served["openapi"] == "3.1.0"
    assert served == yaml.safe_load(CHECKED_IN.read_text())
    schemes = served["components"]["securitySchemes"]
    assert schemes["oauth2ClientCredentials"]["flows"]["clientCredentials"]["tokenUrl"] == (
        "/api/v1/token/"
    )


@pytest.mark.django_db
def test_the_docs_page_is_local_and_csp_safe() -> None:
    client = Client()
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(source.startswith("/") for source in sources), sources  # no CDN
    assert "script-src 'self'" in page["Content-Security-Policy"]
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert b"/api/v1/schema/" in script.content
