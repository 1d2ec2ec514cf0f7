"""The coordinator opens the factsheet for a period, compares two learning cycles, downloads
the PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from grip.demo.users import ensure_demo_users
from grip.learning.periods import CyclePeriod
from tests.browser.login import log_in
from tests.factories import IncidentFactory
from tests.pdf_support import pdf_page_sizes_mm, require_pdf
from tests.triage.test_responses import a_response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


CYCLES = [
    CyclePeriod("Leercyclus 1", dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
    CyclePeriod("Leercyclus 2", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
]


def test_coordinator_factsheet_compare_and_pdf(page, reference, tmp_path, monkeypatch) -> None:
    require_pdf()
    # The learning app fills the cycles (issue 7); here two are given through its interface.
    monkeypatch.setattr("grip.monitor.forms.learning_cycle_periods", lambda programme: CYCLES)
    users = ensure_demo_users()
    for day in range(1, 8):
        reported = dt.datetime(2026, 2, day, 10, 0, tzinfo=dt.UTC)
        a_response(users["spv"], IncidentFactory(reported_at=reported), arrived_at=reported,
                   departed_at=reported + dt.timedelta(minutes=50))  # fmt: skip
    log_in(page, "coordinator")
    page.get_by_role("link", name="Monitor").click()
    expect(page.get_by_role("heading", name="Factsheet", exact=True)).to_be_visible()
    page.get_by_label("Van").fill("2026-01-01")
    page.get_by_label("Tot en met").fill("2026-03-31")
    page.get_by_role("button", name="Toon factsheet").click()
    expect(page.get_by_role("heading", name="Factsheet Groninger Hotspot")).to_be_visible()
    expect(page.locator("#fs-situations-count")).to_have_text("7")
    expect(page.get_by_text("in alle gevallen (100%)").first).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    target = tmp_path / "factsheet.pdf"
    download_info.value.save_as(target)
    assert set(pdf_page_sizes_mm(target.read_bytes())) == {(210, 297)}

    page.get_by_role("link", name="Vergelijk perioden").click()
    page.get_by_label("Periode A").select_option(label="Leercyclus 1")
    page.get_by_label("Periode B").select_option(label="Leercyclus 2")
    page.get_by_role("button", name="Vergelijk").click()
    row = page.get_by_role("row", name="Aantal situaties")
    expect(row).to_contain_text("+7")
