"""Possible matches: other persons whose identity may be this one's, as suggestions.

Looked up through the two keyed indexes only: the pseudonym (exactly the same BSN, or the same
name and date of birth) and the name + birth-year index (the same name and year, whatever the
BSN or the day says). Only the rows those indexes return are decrypted, to say *what* matched;
nothing here ever decrypts the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.network.models import Programme
from grip.people.identity.cipher import IdentityDecryptionError
from grip.people.identity.keys import key_ring
from grip.people.identity.pseudonym import loose_name, normalise_bsn
from grip.people.identity.records import Identity, unseal
from grip.people.models import MatchReason, MatchStatus, MatchSuggestion, Person, PersonIdentity

# A merge chain longer than this is a bug (a cycle), not data.
MAX_MERGE_HOPS = 20


def surviving(person: Person) -> Person:
    """The person ``person`` was (perhaps repeatedly) merged into, or ``person`` itself."""
    for _hop in range(MAX_MERGE_HOPS):
        if person.merged_into_id is None:
            return person
        person = Person.objects.get(pk=person.merged_into_id)
    raise RuntimeError(f"Person {person.pk} sits in a merge chain that does not end.")


@dataclass(frozen=True)
class Candidate:
    person: Person
    reason: MatchReason


def compare(mine: Identity, theirs: Identity) -> MatchReason | None:
    """What two identities share, or None when name or birth year differ after all.

    Names are compared loosely (spaces and hyphens aside), so "the same name and date of
    birth" here can still be two pseudonyms: a suggestion, not a link.
    """
    if loose_name(mine.name) != loose_name(theirs.name) or not loose_name(mine.name):
        return None
    if mine.date_of_birth is None or theirs.date_of_birth is None:
        return None
    if mine.date_of_birth.year != theirs.date_of_birth.year:
        return None
    my_bsn, their_bsn = normalise_bsn(mine.bsn), normalise_bsn(theirs.bsn)
    if my_bsn and their_bsn and my_bsn == their_bsn:
        return MatchReason.SAME_BSN
    same_day = mine.date_of_birth == theirs.date_of_birth
    if my_bsn and their_bsn:
        return MatchReason.NAME_DOB_OTHER_BSN if same_day else MatchReason.NAME_YEAR_OTHER_BSN
    if my_bsn or their_bsn:
        return MatchReason.NAME_DOB_BSN_MISSING if same_day else MatchReason.NAME_YEAR_BSN_MISSING
    return MatchReason.SAME_NAME_DOB if same_day else MatchReason.NAME_YEAR_OTHER_DOB


def candidates(row: PersonIdentity, identity: Identity) -> list[Candidate]:
    """Other persons that may be the one ``row`` (holding ``identity``) describes."""
    lookup = Q()
    if row.pseudonym:
        lookup |= Q(pseudonym=row.pseudonym)
    if row.name_year_index:
        lookup |= Q(name_year_index=row.name_year_index)
    if not lookup:
        return []  # too thin an identity to compare with anyone
    ring = key_ring()
    found: list[Candidate] = []
    others = (
        PersonIdentity.objects.filter(lookup)
        .exclude(person_id=row.person_id)
        .select_related("person")
        .order_by("pk")
    )
    for other in others:
        if row.pseudonym and other.pseudonym == row.pseudonym:
            # Equal pseudonyms say it without decrypting: a BSN wins over name and birth date.
            has_bsn = bool(normalise_bsn(identity.bsn))
            exact = MatchReason.SAME_BSN if has_bsn else MatchReason.SAME_NAME_DOB
            found.append(Candidate(other.person, exact))
            continue
        try:
            theirs = unseal(other, ring)
        except IdentityDecryptionError:
            continue  # an unreadable row is the rotation report's business, not a match
        match = compare(identity, theirs)
        if match is not None:
            found.append(Candidate(other.person, match))
    return found


def suggest_matches(
    actor: Any, row: PersonIdentity, identity: Identity, programme: Programme
) -> list[MatchSuggestion]:
    """Record a suggestion for each possible match of a just-stored identity.

    Called inside ``set_identity``'s transaction. Persons already merged are compared as the
    person they went into; a pair decided before (merged or kept apart) is not suggested again.
    """
    person = surviving(row.person)
    suggestions: list[MatchSuggestion] = []
    for candidate in candidates(row, identity):
        # The candidate's identity was looked at (by the system, on this actor's behalf): the
        # log of that person must show it, though nobody saw anything.
        record(
            actor,
            AccessEventAction.SEARCH,
            programme=programme,
            obj=candidate.person,
            person_key=candidate.person.display_key,
            purpose=f"people:match with={row.person.display_key}",
        )
        other = surviving(candidate.person)
        if other.pk == person.pk:
            continue
        first, second = sorted((person, other), key=lambda p: p.pk)
        suggestion, created = MatchSuggestion.objects.get_or_create(
            person_a=first, person_b=second, defaults={"reason": candidate.reason}
        )
        if suggestion.status != MatchStatus.OPEN:
            continue  # decided before: a new entry of the same data does not reopen it
        if not created and suggestion.reason != candidate.reason:
            # The newest identity says best what the two have in common.
            suggestion.reason = candidate.reason
            suggestion.save(update_fields=["reason"])
        if suggestion not in suggestions:
            suggestions.append(suggestion)
    return suggestions
