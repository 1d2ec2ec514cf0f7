"""``factsheet --format html|pdf``: the printable document; every PDF is published."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from tests.monitor.test_indicators import five  # noqa: F401 - the hand-counted March data
from tests.pdf_support import pdf_page_sizes_mm, pdf_text, require_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("five")]

MARCH = ["--programme", "groninger-hotspot", "--from", "2026-03-01", "--to", "2026-03-31"]


def test_html_is_exact_unless_published(tmp_path) -> None:
    exact, published = tmp_path / "exact.html", tmp_path / "published.html"
    call_command("factsheet", *MARCH, "--format", "html", "--output", str(exact))
    call_command("factsheet", *MARCH, "--format", "html", "--publish", "--output", str(published))
    exact_text, published_text = exact.read_text(), published.read_text()
    assert exact_text.startswith("<!doctype html>")
    assert "indicatordefinities v1" in exact_text
    assert "&lt;5" not in exact_text
    assert "&lt;5" in published_text


def test_pdf_is_always_published(tmp_path) -> None:
    require_pdf()
    target = tmp_path / "factsheet.pdf"
    call_command("factsheet", *MARCH, "--format", "pdf", "--output", str(target))
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert set(pdf_page_sizes_mm(pdf)) == {(210, 297)}
    text = pdf_text(pdf)
    assert "<5" in text
    assert "Nog geen reflectiesessies in deze periode." in text


def test_pdf_needs_an_output_file() -> None:
    with pytest.raises(CommandError):
        call_command("factsheet", *MARCH, "--format", "pdf")
