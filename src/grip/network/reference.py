"""Load the reference data of ``grip.network.reference_data`` and the default vocabulary.

``load_reference()`` is idempotent and runs in one transaction. Every record is matched on
its stable key (region code, CBS code, organisation slug, programme slug, (programme, area
slug), (programme, organisation)). Public facts (regions, municipalities, organisations) are
updated to the reference data, written only when something changed, so the counts tell what a
reload really did. What a programme maintains itself in the admin (its name, description and
period, its areas, its partner directory) is only created, never overwritten: `make run`
again must not undo a coordinator's edits. Nothing is ever deleted: a programme's
municipalities are added, never removed. The vocabulary rules (labels set only on
creation, retired terms stay retired) are in ``grip.vocab.loading``.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from django.db import models, transaction

from grip.network.models import Area, Municipality, Organisation, Partner, Programme, SafetyRegion
from grip.network.reference_data import (
    MUNICIPALITIES,
    ORGANISATIONS,
    PROGRAMMES,
    SAFETY_REGIONS,
    PartnerData,
    ProgrammeData,
)
from grip.vocab.loading import load_default_vocabulary

Outcome = Literal["created", "updated", "unchanged"]
OUTCOMES: tuple[Outcome, ...] = ("created", "updated", "unchanged")

# The kinds of record counted, with their Dutch name for the summary.
KINDS = {
    "regions": "veiligheidsregio's",
    "municipalities": "gemeenten",
    "organisations": "organisaties",
    "programmes": "programma's",
    "areas": "gebieden",
    "partners": "partnergids",
    "terms": "vocabulairetermen",
}
LINKS_ADDED = "programme_municipalities_added"

M = TypeVar("M", bound=models.Model)


def upsert(
    model: type[M], keys: dict[str, Any], values: dict[str, Any], *, overwrite: bool = True
) -> tuple[M, Outcome]:
    """Find the row with ``keys`` and set ``values``; create it when missing.

    With ``overwrite=False`` an existing row is left as it is: for content a programme
    maintains itself in the admin (its description, areas, partner directory).
    Give foreign keys as ``<field>_id`` so comparing costs no query.
    """
    instance = model._default_manager.select_for_update().filter(**keys).first()
    if instance is None:
        return model._default_manager.create(**keys, **values), "created"
    if not overwrite:
        return instance, "unchanged"
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return instance, "unchanged"
    for name in changed:
        setattr(instance, name, values[name])
    instance.save(update_fields=changed)
    return instance, "updated"


def load_reference() -> dict[str, int]:
    """Load regions, municipalities, organisations, programmes and vocabulary; return counts.

    The counts are ``<kind>_<outcome>`` for every kind in ``KINDS`` and outcome in
    ``OUTCOMES``, plus ``programme_municipalities_added``.
    """
    counts = {f"{kind}_{outcome}": 0 for kind in KINDS for outcome in OUTCOMES}
    counts[LINKS_ADDED] = 0
    with transaction.atomic():
        regions: dict[str, SafetyRegion] = {}
        for region_data in SAFETY_REGIONS:
            region, outcome = upsert(
                SafetyRegion, {"code": region_data.code}, {"name": region_data.name}
            )
            regions[region.code] = region
            counts[f"regions_{outcome}"] += 1

        municipalities: dict[str, Municipality] = {}
        for data in MUNICIPALITIES:
            municipality, outcome = upsert(
                Municipality,
                {"cbs_code": data.cbs_code},
                {
                    "name": data.name,
                    "province": data.province,
                    "safety_region_id": regions[data.region_code].pk,
                    "is_hotspot_city": data.is_hotspot_city,
                },
            )
            municipalities[municipality.cbs_code] = municipality
            counts[f"municipalities_{outcome}"] += 1

        organisations: dict[str, Organisation] = {}
        for org_data in ORGANISATIONS:
            organisation, outcome = upsert(
                Organisation,
                {"slug": org_data.slug},
                {
                    "name": org_data.name,
                    "kind": org_data.kind.value,
                    "description": org_data.description,
                },
            )
            organisations[organisation.slug] = organisation
            counts[f"organisations_{outcome}"] += 1

        for programme_data in PROGRAMMES:
            _load_programme(programme_data, municipalities, organisations, counts)

        for key, count in load_default_vocabulary().items():
            counts[key] += count
    return counts


def _load_programme(
    data: ProgrammeData,
    municipalities: dict[str, Municipality],
    organisations: dict[str, Organisation],
    counts: dict[str, int],
) -> None:
    programme, outcome = upsert(
        Programme,
        {"slug": data.slug},
        {
            "name": data.name,
            "description": data.description,
            "starts_on": data.starts_on,
            "ends_on": data.ends_on,
        },
        overwrite=False,
    )
    counts[f"programmes_{outcome}"] += 1

    linked = set(programme.municipalities.values_list("pk", flat=True))
    missing = [
        municipalities[code]
        for code in data.municipalities
        if municipalities[code].pk not in linked
    ]
    programme.municipalities.add(*missing)
    counts[LINKS_ADDED] += len(missing)

    for area in data.areas:
        _, outcome = upsert(
            Area,
            {"programme_id": programme.pk, "slug": area.slug},
            {"name": area.name, "municipality_id": municipalities[area.cbs_code].pk},
            overwrite=False,
        )
        counts[f"areas_{outcome}"] += 1

    for partner in data.partners:
        _, outcome = upsert(
            Partner,
            {
                "programme_id": programme.pk,
                "organisation_id": organisations[partner.organisation].pk,
            },
            _partner_values(partner),
            overwrite=False,
        )
        counts[f"partners_{outcome}"] += 1


def _partner_values(partner: PartnerData) -> dict[str, Any]:
    values: dict[str, Any] = {
        "services": partner.services,
        "contact_point": partner.contact_point,
        "hours": partner.hours,
    }
    for level, role in enumerate(partner.roles, start=1):
        values[f"role_ave_{level}"] = role
    # Blank contact details in the reference data mean "unknown": never clear the admin's.
    if partner.phone:
        values["phone"] = partner.phone
    if partner.email:
        values["email"] = partner.email
    return values


def summary_lines(counts: dict[str, int]) -> list[str]:
    """The counts as short Dutch lines, for the management commands."""
    lines = [
        f"{label}: {counts[f'{kind}_created']} nieuw, {counts[f'{kind}_updated']} bijgewerkt, "
        f"{counts[f'{kind}_unchanged']} ongewijzigd"
        for kind, label in KINDS.items()
    ]
    lines.append(f"gemeenten aan programma's gekoppeld: {counts[LINKS_ADDED]}")
    return lines
