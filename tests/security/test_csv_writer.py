"""Every CSV Grip writes goes through one writer, ``grip.csvfile`` (issue 22, finding 4): no
cell reaches a spreadsheet as a formula, whatever column it is in.

Two checks: structurally, no module but ``grip.csvfile`` makes a ``csv.writer``; and by walking
every export URL of the role × URL matrix with an ``=1+2`` planted in the data, no CSV that
comes back (a download, or a file inside a zip) holds a cell that starts a formula.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from grip.access.audit import CSV_COLUMNS, as_csv
from grip.access.models import AccessEvent, AccessEventAction
from grip.csvfile import FORMULA_TRIGGERS, csv_text
from grip.intake.models import Incident
from grip.network.models import Membership, Organisation, Programme, Role
from tests.access.world import World, build_world
from tests.personas import PERSONA_NAMES, logged_in_client
from tests.test_url_matrix import EXPECTATIONS

SRC = Path(__file__).resolve().parents[2] / "src" / "grip"
PLANTED = "=1+2"
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def _starts_a_formula(cell: str) -> bool:
    # A number is not a formula (a research file's -3 stays a number).
    return cell[:1] in FORMULA_TRIGGERS and not NUMBER.match(cell)


def test_no_module_but_the_writer_makes_a_csv_writer() -> None:
    writers = re.compile(r"\bcsv\.(writer|DictWriter)\(")
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name != "csvfile.py" and writers.search(path.read_text())
    ]
    assert offenders == [], "write CSV through grip.csvfile, not csv.writer"


def test_the_writer_neutralises_text_and_keeps_numbers() -> None:
    text = csv_text(["a", "b", "c", "d"], [[PLANTED, -3, True, None], ["@x", 2.5, False, "+1"]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["'=1+2", "-3", "true", ""]
    assert rows[2] == ["'@x", "2.5", "false", "'+1"]


@pytest.mark.django_db
def test_every_column_of_the_access_log_export_is_neutralised() -> None:
    """The review's case: person key, object, user and programme were written as they came."""
    user = get_user_model().objects.create_user(username=PLANTED)
    AccessEvent.objects.create(
        user=user, responsible_user=user, organisation=PLANTED, role=PLANTED,
        action=AccessEventAction.READ, programme=PLANTED, object_type=PLANTED,
        object_id=PLANTED, person_key=PLANTED, purpose=PLANTED,
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(as_csv(AccessEvent.objects.all()))))
    planted = ["user", "responsible_user", "organisation", "role", "programme"]
    planted += ["object_type", "object_id", "person_key", "purpose"]
    assert set(planted) <= set(CSV_COLUMNS)
    assert {column: rows[0][column] for column in planted} == dict.fromkeys(planted, "'=1+2")


@pytest.fixture
def world(persona, hotspot) -> World:
    for name in PERSONA_NAMES:
        persona(name)
    return build_world(persona, hotspot)


def _plant(world: World, hotspot: Programme) -> None:
    """``=1+2`` where any logged-in user could get it in: a logged URL (the access log, under
    a user name too) and an incident number (the situations export)."""
    user = get_user_model().objects.create_user(username=PLANTED)
    membership = Membership.objects.create(
        user=user, organisation=Organisation.objects.get(slug="lentis"), role=Role.TRIAGE_NURSE
    )
    membership.programmes.add(hotspot)
    AccessEvent.objects.create(
        user=user, organisation=PLANTED, role=PLANTED, action=AccessEventAction.READ,
        object_type=PLANTED, object_id=PLANTED, person_key=PLANTED, purpose=PLANTED,
    )  # fmt: skip
    Incident.objects.filter(pk=world.incident.pk).update(number=PLANTED)


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _csv_files(name: str, response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The CSV files in a download: the download itself, or the .csv members of a zip."""
    kind = response["Content-Type"].split(";")[0]
    body = _body(response)
    if kind == "text/csv":
        return {name: body.decode("utf-8")}
    if kind == "application/zip":
        with zipfile.ZipFile(io.BytesIO(body)) as package:
            return {
                f"{name}/{member}": package.read(member).decode("utf-8")
                for member in package.namelist()
                if member.endswith(".csv")
            }
    # Not CSV: a new kind of download must be looked at here before it passes.
    assert kind in {"application/pdf", "application/json"}, (name, kind)
    return {}


def test_every_csv_download_is_neutralised(persona, world, hotspot) -> None:
    _plant(world, hotspot)
    found: dict[str, list[str]] = {}
    for name, url in EXPECTATIONS.items():
        if not url.export or url.get is None:
            continue
        allowed = next(p for p, status in url.get.items() if status == 200)
        client = logged_in_client(persona(allowed))
        response = client.get(reverse(name, kwargs=url.kwargs(world)), url.query(world))
        assert response.status_code == 200, (name, allowed)
        for source, text in _csv_files(name, response).items():
            found[source] = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert {"access:log_export", "triage:export_download"} <= set(found)
    assert any(source.startswith("research:export/") for source in found)
    formulas = {src: [c for c in cells if _starts_a_formula(c)] for src, cells in found.items()}
    assert all(not cells for cells in formulas.values()), formulas
    planted_in = {source for source, cells in found.items() if "'=1+2" in cells}
    assert {"access:log_export", "triage:export_download"} <= planted_in
