"""``person_key`` to persons, for a whole batch in a few queries.

A key means the same person every time within one programme (``SourceKey``). A key that is
no source key but the display key of a person already known in the programme is that person:
Grip's own export writes the display key for persons that came in without a source key, and
importing that file again must not split them off. Any other key gets a new person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from grip.bulk import among, among_pairs, insert
from grip.people.identity.matching import surviving
from grip.people.models import Person, SourceKey, new_display_key

ProgrammeKey = tuple[int, str]  # (programme id, person_key)


class PersonRef(NamedTuple):
    """A person as the import needs one: no model instance per row of a national file."""

    pk: int
    display_key: str


_DISPLAY_KEY = re.compile(r"P-[0-9A-Z]{4}-[0-9A-Z]{4}")


def find_persons(wanted: set[ProgrammeKey]) -> dict[ProgrammeKey, PersonRef]:
    """The persons the keys already stand for (at most two queries)."""
    if not wanted:
        return {}
    programme_ids = {pid for pid, _key in wanted}
    found: dict[ProgrammeKey, PersonRef] = {}
    rows = SourceKey.objects.filter(
        among_pairs(SourceKey, ("programme", "key"), wanted)
    ).values_list("programme_id", "key", "person_id", "person__display_key")
    for programme_id, key, person_id, display_key in rows:
        if (programme_id, key) in wanted:
            found[programme_id, key] = PersonRef(person_id, display_key)
    display_like = {key for pid, key in wanted - found.keys() if _DISPLAY_KEY.fullmatch(key)}
    if display_like:
        links = Person.programmes.through.objects.filter(
            person__display_key__in=display_like, programme_id__in=programme_ids
        ).values_list("programme_id", "person_id", "person__display_key")
        for programme_id, person_id, display_key in links:
            if (programme_id, display_key) in wanted and (programme_id, display_key) not in found:
                found[programme_id, display_key] = PersonRef(person_id, display_key)
        found.update(_merged_away(wanted - found.keys(), display_like))
    return found


def _merged_away(
    missing: set[ProgrammeKey], display_like: set[str]
) -> dict[ProgrammeKey, PersonRef]:
    """Display keys of persons merged into another (an export from before the merge): they
    stand for the surviving person, where that person is known in the row's programme.
    Merged keys are rare, so following each chain with its own query is fine."""
    found: dict[ProgrammeKey, PersonRef] = {}
    merged = Person.objects.filter(
        display_key__in=display_like & {key for _pid, key in missing}, merged_into__isnull=False
    )
    for person in merged:
        survivor = surviving(person)
        known_in = set(survivor.programmes.values_list("pk", flat=True))
        for programme_id, key in missing:
            if key == person.display_key and programme_id in known_in:
                found[programme_id, key] = PersonRef(survivor.pk, survivor.display_key)
    return found


def new_persons(keys: Iterable[ProgrammeKey]) -> dict[ProgrammeKey, PersonRef]:
    """Create a person and a source key for each key (display keys drawn without collision)."""
    keys = sorted(set(keys))
    if not keys:
        return {}
    drawn = _unique_display_keys(len(keys))
    ids = insert(Person, [{"display_key": key} for key in drawn], returning_ids=True)
    made = {
        pair: PersonRef(pk, display_key)
        for pair, pk, display_key in zip(keys, ids, drawn, strict=True)
    }
    insert(
        SourceKey,
        [{"programme_id": pid, "key": key, "person_id": made[pid, key].pk} for pid, key in keys],
    )
    return made


def _unique_display_keys(count: int) -> list[str]:
    """``count`` fresh display keys, none already taken (one query per round; rarely two)."""
    chosen: set[str] = set()
    while len(chosen) < count:
        candidates: set[str] = set()
        while len(candidates) < count - len(chosen):
            candidate = new_display_key()
            if candidate not in chosen:
                candidates.add(candidate)
        taken = set(
            Person.objects.filter(among(Person, "display_key", candidates)).values_list(
                "display_key", flat=True
            )
        )
        chosen |= candidates - taken
    return sorted(chosen)
