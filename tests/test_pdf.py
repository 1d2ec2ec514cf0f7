from __future__ import annotations

from grip.pdf import render_pdf
from tests.pdf_support import pdf_page_sizes_mm, pdf_text, require_pdf


def test_a_pdf_is_a4_and_holds_its_text() -> None:
    require_pdf()
    pdf = render_pdf("<style>@page { size: A4 }</style><h1>Factsheet 462 situaties</h1>")
    assert pdf.startswith(b"%PDF-")
    assert pdf_page_sizes_mm(pdf) == [(210, 297)]
    assert "462 situaties" in pdf_text(pdf)


def test_a_pdf_fetches_nothing_from_the_network() -> None:
    require_pdf()
    pdf = render_pdf('<p>tekst</p><img src="http://192.0.2.1/tracker.png">')
    assert "tekst" in pdf_text(pdf)
