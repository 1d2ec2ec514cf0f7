"""Shared helpers for the exchange-format tests (no tests here)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from grip.access.models import AccessEvent
from grip.followup.models import Trajectory
from grip.intake.models import Incident
from grip.people.models import Person, SourceKey
from grip.triage.exchange import COLUMNS, ImportReport, import_situations
from grip.triage.models import Response, ResponseRevision

HOTSPOT = "groninger-hotspot"

VALID_ROW: dict[str, str] = {
    "incident_number": "T-0001",
    "incident_code": "E33",
    "programme": HOTSPOT,
    "municipality": "GM0014",
    "area": "centrum",
    "reported_at": "2026-01-31T23:30:00+01:00",
    "arrived_at": "2026-01-31T23:50:00+01:00",
    "departed_at": "2026-02-01T01:00:00+01:00",
    "police_departed_at": "2026-02-01T00:10:00+01:00",
    "police_officers": "2",
    "ave_level": "3",
    "person_key": "K000001",
    "risks": "verbal_aggression|psychosis",
    "interventions": "deescalated|network_involved",
    "bottlenecks": "no_bed",
    "safety_person": "reasonable",
    "safety_surroundings": "full",
    "outcome": "stayed_home",
    "follow_up": "yes",
    "notes": "Synthetische notitie: rustig na gesprek.",
}


def a_row(**overrides: str) -> dict[str, str]:
    return {**VALID_ROW, **overrides}


def csv_bytes(
    rows: Iterable[dict[str, str]], columns: Iterable[str] = COLUMNS, *, bom: bool = False
) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    columns = list(columns)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def run_import(data: bytes, user: Any = None, **options: Any) -> ImportReport:
    return import_situations(io.BytesIO(data), user, file_name="situaties.csv", **options)


def case_counts() -> dict[str, int]:
    """How many rows of each kind of case data there are (to show nothing was written)."""
    return {
        "incidents": Incident.objects.count(),
        "responses": Response.objects.count(),
        "persons": Person.objects.count(),
        "source_keys": SourceKey.objects.count(),
        "trajectories": Trajectory.objects.count(),
        "revisions": ResponseRevision.objects.count(),
        "access_events": AccessEvent.objects.count(),
        "risks": Response.risks.through.objects.count(),
        "person_programmes": Person.programmes.through.objects.count(),
    }


def delete_case_data() -> None:
    """An empty database of case data; reference data, users and the access log stay."""
    Trajectory.objects.all().delete()
    Response.objects.all().delete()
    Incident.objects.all().delete()
    SourceKey.objects.all().delete()
    Person.objects.all().delete()


def errors_of(report: ImportReport) -> list[tuple[int, str]]:
    return [(error.line, error.column) for error in report.errors]
