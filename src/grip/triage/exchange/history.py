"""The incident's part of a response revision written by the import.

The response's own fields are described by ``actions.describe_changes`` (known responses) or,
for new ones, by the row parser in the same pass (``SituationRow.new_changes``)."""

from __future__ import annotations

from typing import Any

from grip.intake.models import Incident
from grip.triage.exchange.persons import PersonRef
from grip.triage.exchange.rows import SituationRow


def incident_change(
    incident: Incident,
    old_person: PersonRef | None,
    row: SituationRow,
    person: PersonRef | None,
    municipality_codes: dict[int, str],
    area_slugs: dict[int, str],
) -> list[Any] | None:
    """The incident's changed attributes as one readable ``[old, new]`` pair, or None.

    It is stored under the response's ``incident`` field: a revision names response fields
    only (the history screen labels each by its model field), and the incident has no history
    of its own.
    """
    pairs: list[tuple[str, str, str]] = []
    if incident.reported_at != row.reported_at:
        pairs.append(("reported_at", incident.reported_at.isoformat(), row.reported_at.isoformat()))
    if incident.municipality_id != row.municipality_id:
        pairs.append(
            (
                "municipality",
                municipality_codes.get(incident.municipality_id, ""),
                municipality_codes.get(row.municipality_id, ""),
            )
        )
    if row.has_area and incident.area_id != row.area_id:
        pairs.append(
            (
                "area",
                area_slugs.get(incident.area_id or 0, ""),
                area_slugs.get(row.area_id or 0, ""),
            )
        )
    if incident.person_id != (person.pk if person else None):
        old_key = old_person.display_key if old_person else ""
        pairs.append(("person", old_key, person.display_key if person else ""))
    if not pairs:
        return None
    return [
        "; ".join(f"{name} {old}".strip() for name, old, _new in pairs),
        "; ".join(f"{name} {new}".strip() for name, _old, new in pairs),
    ]
