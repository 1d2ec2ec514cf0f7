"""Phone-first lists (issue 20): at 390 px wide every table of the lists becomes a stack of
cards and every value keeps its column's name visibly in front of it; nothing is cut off on
the right."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from grip.demo.users import ensure_demo_users
from grip.followup.models import FollowUpSettings
from grip.network.models import Organisation, Programme
from tests.browser.login import log_in
from tests.factories import IncidentFactory
from tests.triage.test_responses import a_response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# For each cell of each list table: its label as drawn in front of it (the ::before content),
# whether it is shown, and whether the cell fits within the screen's width.
CELLS = """() => Array.from(document.querySelectorAll("table.list tbody td")).map(td => {
  const before = getComputedStyle(td, "::before");
  const box = td.getBoundingClientRect();
  return {
    text: td.textContent.trim(),
    label: before.content,
    shown: before.display !== "none" && td.offsetParent !== null,
    fits: box.right <= window.innerWidth + 1,
  };
})"""


WIDER_THAN_SCREEN = """() => Array.from(document.querySelectorAll("body *"))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && e.offsetParent)
  .slice(0, 5).map(e => e.tagName + "." + e.className + " " + e.textContent.trim().slice(0, 40))"""


def _check_cells(page: Any, where: str) -> int:
    cells = page.evaluate(CELLS)
    assert cells, f"{where}: no table rows to check"
    for cell in cells:
        if not cell["text"]:
            continue
        assert cell["label"] not in ("none", "normal", '""'), f"{where}: no label for {cell}"
        assert cell["shown"], f"{where}: label not shown for {cell}"
        assert cell["fits"], f"{where}: cut off on the right: {cell}"
    too_wide = page.evaluate(WIDER_THAN_SCREEN)
    assert not too_wide, f"{where}: wider than the screen: {too_wide}"
    return len(cells)


def test_lists_are_labelled_cards_on_a_phone(page, reference) -> None:
    users = ensure_demo_users()
    for _ in range(3):
        a_response(users["spv"], IncidentFactory())
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "coordinator")
    page.goto("/meldingen/")
    expect(page.locator("table.list")).to_be_visible()
    _check_cells(page, "meldingen")
    first_label = page.evaluate(
        "getComputedStyle(document.querySelector('table.list tbody td'), '::before').content"
    )
    header = str(page.locator("table.list thead th").first.text_content())
    assert first_label == f'"{header.strip()}"'
    page.goto("/triage/")
    expect(page.locator("table.list")).to_be_visible()
    _check_cells(page, "inzetten")


def test_the_worklist_is_labelled_cards_on_a_phone(page, reference) -> None:
    users = ensure_demo_users()
    hotspot = Programme.objects.get(slug="groninger-hotspot")
    FollowUpSettings.objects.create(
        programme=hotspot, default_case_organisation=Organisation.objects.get(slug="wij-groningen")
    )
    a_response(users["spv"], follow_up_needed=True, ave_on_leaving=2)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "opvolger")
    page.goto("/opvolging/")
    expect(page.get_by_role("heading", name="Mijn werk")).to_be_visible()
    _check_cells(page, "mijn werk")
    # "WIJ Groningen nog geen" no more: the organisation and the contact carry their names.
    labels = {cell["text"]: cell["label"] for cell in page.evaluate(CELLS)}
    assert labels["WIJ Groningen"] == '"Regie"'
    assert labels["nog geen"] == '"Laatste contact"'
