"""PDF tests need WeasyPrint's Pango: they skip with a clear message without it, except when
``CI`` is set (then `.ci/run` has installed it and a missing Pango is a failure)."""

from __future__ import annotations

import os

import pytest

from grip.pdf import pdf_available


def require_pdf() -> None:
    if pdf_available():
        return
    message = "PDF tests need Pango (apt-get install libpango-1.0-0 libpangoft2-1.0-0)."
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, for asserting that figures are really in it."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_page_sizes_mm(pdf: bytes) -> list[tuple[int, int]]:
    import io

    from pypdf import PdfReader

    points_per_mm = 72 / 25.4
    return [
        (
            round(float(page.mediabox.width) / points_per_mm),
            round(float(page.mediabox.height) / points_per_mm),
        )
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]
