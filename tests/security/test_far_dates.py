"""Far dates (year 1, year 9999) are refused with a Dutch message wherever a date comes in,
never a server error (issue 22, finding 9): every list, export and figure screen of the URL
matrix, the forms, the import and the command line."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils.http import urlencode

from grip.dates import date_problem, moment_problem
from grip.intake.models import Incident
from grip.people.identity.forms import IdentityForm
from tests.access.world import World, build_world
from tests.personas import PERSONA_NAMES, logged_in_client
from tests.test_url_matrix import EXPECTATIONS
from tests.triage.test_exchange_helpers import a_row, csv_bytes, run_import

pytestmark = pytest.mark.django_db

FAR_DATES = ("0001-01-01", "9999-12-31")
# Every name a date comes in by on a query string: the periods' starts and ends.
STARTS = ("date_from", "a_from", "b_from")
ENDS = ("date_to", "a_to", "b_to")

# The screens that take a period on their query string (lists, exports, figures): each says
# what is wrong with a far date next to the field. Every other screen must merely not fail.
DATED = {
    "access:log_export",
    "access:log_search",
    "intake:incident_list",
    "learning:bottlenecks",
    "learning:top_threes",
    "learning:what_works",
    "monitor:compare",
    "monitor:dashboard",
    "monitor:factsheet",
    "monitor:factsheet_pdf",
    "monitor:notes",
    "research:export",
    "triage:export_download",
    "triage:response_list",
}


def _far_queries() -> list[dict[str, str]]:
    """A far start alone and a far end alone, each at both ends of the calendar."""
    return [dict.fromkeys(names, far) for names in (STARTS, ENDS) for far in FAR_DATES]


@pytest.fixture
def world(persona, hotspot) -> World:
    for name in PERSONA_NAMES:
        persona(name)
    return build_world(persona, hotspot)


def test_no_screen_fails_on_a_far_date_in_its_query(persona, world) -> None:  # type: ignore[no-untyped-def]
    failed = []
    clients = {}
    for name, url in EXPECTATIONS.items():
        if url.get is None:
            continue
        allowed = [p for p, status in url.get.items() if status == 200]
        if not allowed:
            continue
        who = allowed[0]
        client = clients.setdefault(who, logged_in_client(persona(who)))
        client.raise_request_exception = False
        path = reverse(name, kwargs=url.kwargs(world))
        for far_query in _far_queries():
            response = client.get(path, {**url.query(world), **far_query})
            if response.status_code >= 500:
                failed.append(f"GET {name} {far_query} as {who}: {response.status_code}")
            elif name in DATED and "te ver" not in response.content.decode(errors="replace"):
                failed.append(f"GET {name} {far_query} as {who}: no Dutch message")
    assert not failed, "\n".join(failed)


# Every name a date or a moment comes in by on a form.
DATE_FIELDS = (
    "reported_at", "arrived_at", "departed_at", "police_departed_at", "at", "due_on",
    "new_due_on", "held_on", "occurred_on", "starts_on", "ends_on", "date_of_birth",
    "identity_date_of_birth", "date_from", "date_to",
)  # fmt: skip
FAR_MOMENTS = ("0001-01-01T00:00", "9999-12-31T23:59")


def _post(client: Any, path: str, data: dict[str, Any]) -> int:
    with transaction.atomic():
        status = int(client.post(path, data).status_code)
        transaction.set_rollback(True)
    return status


def test_no_form_fails_on_a_far_date(persona, world) -> None:  # type: ignore[no-untyped-def]
    """Each form of the matrix, sent with its own data but every date far away."""
    failed = []
    clients: dict[str, Any] = {}
    for name, url in EXPECTATIONS.items():
        if url.post is None:
            continue
        allowed = [p for p, status in url.post.items() if status in (200, 302, 400)]
        if not allowed:
            continue
        who = allowed[0]
        client = clients.setdefault(who, logged_in_client(persona(who)))
        client.raise_request_exception = False
        path = reverse(name, kwargs=url.kwargs(world))
        query = urlencode(url.query(world))
        path = f"{path}?{query}" if query else path
        for far in (*FAR_DATES, *FAR_MOMENTS):
            data = {**url.post_data(world), **dict.fromkeys(DATE_FIELDS, far)}
            status = _post(client, path, data)
            if status >= 500:
                failed.append(f"POST {name} dates={far} as {who}: {status}")
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("reported_at", "0001-01-01T00:00:00+00:00"),
        ("reported_at", "9999-12-31T12:00:00+00:00"),
        ("reported_at", "1989-12-31T12:00:00+01:00"),
        ("arrived_at", "9999-12-31T12:00:00+00:00"),
    ],
)
def test_the_import_rejects_a_row_with_a_far_moment(reference, column: str, value: str) -> None:  # type: ignore[no-untyped-def]
    report = run_import(csv_bytes([a_row(**{column: value}), a_row(incident_number="GOED")]))
    assert (report.created, report.rejected) == (1, 1)
    [error] = report.errors
    assert error.column == column
    assert "te ver terug" in error.reason or "in de toekomst" in error.reason
    assert not Incident.objects.filter(reported_at__year__in=[1, 1989, 9999]).exists()


@pytest.mark.parametrize("command", ["factsheet", "research_export"])
@pytest.mark.parametrize(
    ("start", "end"), [("0001-01-01", "2026-01-31"), ("2026-01-01", "9999-12-31")]
)
def test_the_commands_refuse_a_far_date_in_dutch(
    hotspot, tmp_path, command: str, start: str, end: str
) -> None:  # type: ignore[no-untyped-def]
    output = str(tmp_path / "uit.zip")
    with pytest.raises(CommandError, match="Deze datum ligt te ver"):
        call_command(
            command, "--programme", hotspot.slug, "--from", start, "--to", end, "--output", output
        )


def test_a_date_of_birth_before_1900_is_refused() -> None:
    form = IdentityForm({"date_of_birth": "0001-01-01"})
    assert not form.is_valid()
    assert form.errors["date_of_birth"] == ["Een geboortedatum ligt niet vóór 01-01-1900."]


def test_the_range_itself() -> None:
    with time_machine.travel(dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC), tick=False):
        assert date_problem(dt.date(1990, 1, 1)) is None
        assert date_problem(dt.date(2031, 12, 31)) is None
        assert date_problem(dt.date(2032, 1, 1)) == (
            "Deze datum ligt te ver vooruit: kies een datum tot en met 31-12-2031."
        )
        assert date_problem(dt.date(1989, 12, 31)) is not None
        assert moment_problem(dt.datetime(2026, 12, 8, 11, tzinfo=dt.UTC)) is None
        assert moment_problem(dt.datetime(2026, 12, 8, 13, tzinfo=dt.UTC)) is not None
        # At the very ends of the calendar, in an offset that would overflow UTC.
        plus_two = dt.timezone(dt.timedelta(hours=2))
        assert moment_problem(dt.datetime(1, 1, 1, tzinfo=plus_two)) is not None
        minus_two = dt.timezone(dt.timedelta(hours=-2))
        assert moment_problem(dt.datetime(9999, 12, 31, 23, tzinfo=minus_two)) is not None
