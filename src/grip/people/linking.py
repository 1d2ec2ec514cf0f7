"""Linking persons: by pseudonym at registration, and merging (and un-merging) two persons.

- ``person_for_identity``: registering with an identity finds the person that identity already
  belongs to (same pseudonym) or creates one; never anything in between.
- ``merge`` moves everything of one person to another and records exactly which rows moved;
  ``undo_merge`` moves back those rows only. Both in one transaction, both in the access log.
- Who decides: the coordinator (``LINKING_ROLES``), only about persons known in programmes
  they coordinate: both persons to merge or keep apart, the surviving person to undo.

The people app sits below intake and follow-up, so their rows (incidents, trajectories) are
found through ``Person._meta.related_objects`` instead of by import: whatever app adds a
foreign key to Person later is moved too, or the merge refuses loudly (``movable_relations``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import (
    FieldDoesNotExist,
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import connection, models, transaction
from django.db.models import Count, ForeignObjectRel, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import LINKING_ROLES, Action, DataClass
from grip.network.models import Programme
from grip.people.actions import create_person, make_known_in
from grip.people.identity.actions import set_identity
from grip.people.identity.matching import surviving
from grip.people.identity.records import Identity
from grip.people.models import (
    MatchStatus,
    MatchSuggestion,
    Person,
    PersonIdentity,
    PersonMerge,
    SourceKey,
)

# The roles that decide whether two persons are one. Belongs in access.policy next to
# PROGRAMME_WIDE_CASE_ROLES once that module takes it (one policy).

# Relations to Person that a merge does not move as rows: the identity stays with its own
# person (its ciphertext is bound to that row), suggestions and merges are about the pair,
# and Person.merged_into is the merge itself.
NOT_MOVED: tuple[type[models.Model], ...] = (PersonIdentity, MatchSuggestion, PersonMerge, Person)

PersonProgramme = Person.programmes.through


# --- who may decide -------------------------------------------------------------------------


def linking_programmes(user: Any) -> frozenset[int]:
    """The programmes in which ``user`` decides about linking."""
    grants = grants_for(user)
    return frozenset(pid for pid in grants.programme_ids if grants.roles_in(pid) & LINKING_ROLES)


def _persons_in(programme_ids: frozenset[int]) -> QuerySet[Person]:
    return Person.objects.filter(programmes__in=sorted(programme_ids))


def suggestions_for(user: Any) -> QuerySet[MatchSuggestion]:
    """Suggestions about two persons who are both known where ``user`` decides."""
    ids = linking_programmes(user)
    if not ids:
        return MatchSuggestion.objects.none()
    # A person absorbed by a merge is known where the person it went into is: a decided
    # suggestion stays in reach of those who decided it (a second tab gets a message, not 404).
    known = Person.objects.filter(
        Q(programmes__in=sorted(ids)) | Q(merged_into__programmes__in=sorted(ids))
    ).values("pk")
    return MatchSuggestion.objects.filter(person_a__in=known, person_b__in=known)


def open_suggestions_for(user: Any) -> QuerySet[MatchSuggestion]:
    # A pair with an absorbed person waits: after an undo it is open again as it was.
    return (
        suggestions_for(user)
        .filter(
            status=MatchStatus.OPEN,
            person_a__merged_into__isnull=True,
            person_b__merged_into__isnull=True,
        )
        .select_related("person_a", "person_b")
    )


def merges_for(user: Any) -> QuerySet[PersonMerge]:
    """Merges whose surviving person is known where ``user`` decides (after a merge it is
    known wherever either person was)."""
    ids = linking_programmes(user)
    if not ids:
        return PersonMerge.objects.none()
    return PersonMerge.objects.filter(survivor__in=_persons_in(ids).values("pk")).select_related(
        "survivor", "absorbed", "merged_by", "undone_by"
    )


def _log_programme(user: Any, person: Person) -> Programme | None:
    return person.programmes.filter(pk__in=sorted(linking_programmes(user))).order_by("pk").first()


def _log(actor: Any, purpose: str, obj: models.Model, *persons: Person) -> None:
    # One row per person: the log of each of them must show what happened to their records.
    # The programme is the first person's: after a merge the absorbed one is known nowhere.
    programme = _log_programme(actor, persons[0])
    for person in persons:
        record(
            actor,
            AccessEventAction.UPDATE,
            programme=programme,
            obj=obj,
            person_key=person.display_key,
            purpose=purpose,
        )


# --- linking by pseudonym at registration ---------------------------------------------------


@dataclass(frozen=True)
class LinkedPerson:
    person: Person
    #: True when the identity belonged to a person Grip already knew
    was_known: bool


def person_for_identity(actor: Any, programme: Programme, identity: Identity) -> LinkedPerson:
    """The person ``identity`` is, known in ``programme`` from now on; created when new.

    Needs identity *create* in ``programme``. Only the pseudonym decides: an exact match links
    (its existing identity is left as it is), anything less is a new person whose stored
    identity then yields suggestions for a coordinator.
    """
    if not grants_for(actor).can(DataClass.IDENTITY, Action.CREATE, programme.pk):
        raise PermissionDenied
    pseudonym = identity.pseudonym
    with transaction.atomic():
        row = None
        if pseudonym is not None:
            _one_registration_at_a_time(pseudonym)
            row = (
                PersonIdentity.objects.filter(pseudonym=pseudonym)
                .select_related("person")
                .order_by("pk")
                .first()
            )
        if row is not None:
            known = surviving(row.person)
            make_known_in(known, programme)
            record(
                actor,
                AccessEventAction.SEARCH,
                programme=programme,
                obj=known,
                person_key=known.display_key,
                purpose="people:link-by-pseudonym",
            )
            return LinkedPerson(known, was_known=True)
        person = create_person(programme)
        set_identity(
            actor,
            person,
            name=identity.name,
            date_of_birth=identity.date_of_birth,
            bsn=identity.bsn,
            address=identity.address,
        )
        return LinkedPerson(person, was_known=False)


# Advisory locks of the two-number form live apart from the one-number ones (the purge's).
_PSEUDONYM_LOCKS = 0x70736E  # "psn"


def _one_registration_at_a_time(pseudonym: str) -> None:
    """Two registrations of the same new identity at the same moment give one person, not
    two plus a suggestion: on PostgreSQL the second waits here, until the end of the first's
    transaction, and then finds the person it made. SQLite has one writer at a time, and
    refuses a write whose reading is older than another writer's commit.

    The lock is per pseudonym (hashed to 32 bits: two identities that share a number only wait
    for each other) and held to the end of the transaction."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(pseudonym.encode(), digest_size=4).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)",
            [_PSEUDONYM_LOCKS, int.from_bytes(digest, "big", signed=True)],
        )


# --- what a merge moves ---------------------------------------------------------------------


def movable_relations() -> list[tuple[type[models.Model], str]]:
    """(model, foreign key name) of every row kind that belongs to a person and moves along.

    Source keys by name; the rest (incidents, trajectories, whatever comes) as discovered.
    Hidden relations (``related_name="+"``) count too: ``_meta.related_objects`` leaves them
    out, and a row left behind by a merge would be a silent error. A one-to-one or
    many-to-many to Person cannot be moved by a foreign-key update, so it stops the merge here.
    """
    relations: list[tuple[type[models.Model], str]] = [(SourceKey, "person")]
    for relation in Person._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel):
            continue  # Person's own fields; only relations pointing at Person matter
        model = relation.related_model
        assert isinstance(model, type)  # never the lazy "self" string once apps are loaded
        if model is PersonProgramme or model is SourceKey or issubclass(model, NOT_MOVED):
            continue  # memberships are moved by _move_programmes, source keys above
        if relation.one_to_one or relation.many_to_many:
            raise ImproperlyConfigured(
                f"{model._meta.label} relates to Person in a way a merge cannot move."
            )
        relations.append((model, relation.field.name))
    return relations


def record_counts(
    persons: list[Person], programme_ids: frozenset[int]
) -> dict[int, list[tuple[str, int]]]:
    """Per person: (plural name, count) of their rows inside ``programme_ids`` only.

    What a coordinator needs to weigh a suggestion, without telling what other programmes
    hold. One grouped query per row kind that has a programme.
    """
    counts: dict[int, list[tuple[str, int]]] = {person.pk: [] for person in persons}
    if not persons:
        return counts
    for model, field in movable_relations():
        if not _has_programme(model):
            continue
        rows = (
            model._base_manager.filter(
                **{f"{field}__in": [p.pk for p in persons]},
                programme__in=sorted(programme_ids),
            )
            .values(field)
            .annotate(n=Count("pk"))
            .order_by()
        )
        found = {row[field]: row["n"] for row in rows}
        label = str(model._meta.verbose_name_plural)
        for person in persons:
            counts[person.pk].append((label, found.get(person.pk, 0)))
    return counts


def _has_programme(model: type[models.Model]) -> bool:
    try:
        field = model._meta.get_field("programme")
    except FieldDoesNotExist:
        return False
    return field.is_relation and field.related_model is Programme


# --- deciding -------------------------------------------------------------------------------


def _require_known(actor: Any, *persons: Person) -> None:
    """Each person known in a programme where ``actor`` decides, or PermissionDenied."""
    ids = sorted(linking_programmes(actor))
    for person in persons:
        if not person.programmes.filter(pk__in=ids).exists():
            raise PermissionDenied


def _required_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Geef een reden op.")})
    return reason


def _lock_open(suggestion: MatchSuggestion) -> tuple[MatchSuggestion, Person, Person]:
    locked = MatchSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    # Persons in id order, so two merges touching the same persons cannot deadlock.
    pair = list(
        Person.objects.select_for_update()
        .filter(pk__in=[locked.person_a_id, locked.person_b_id])
        .order_by("pk")
    )
    if locked.status != MatchStatus.OPEN:
        raise ValidationError(_("Over deze mogelijke koppeling is al besloten."))
    if any(person.merged_into_id for person in pair):
        raise ValidationError(
            _("Een van beiden is intussen met een andere betrokkene samengevoegd.")
        )
    return locked, pair[0], pair[1]


def keep_apart(actor: Any, suggestion: MatchSuggestion, *, reason: str) -> MatchSuggestion:
    reason = _required_reason(reason)
    with transaction.atomic():
        suggestion, first, second = _lock_open(suggestion)
        _require_known(actor, first, second)
        suggestion.status = MatchStatus.KEPT_APART
        suggestion.decided_at = timezone.now()
        suggestion.decided_by = actor
        suggestion.decision_reason = reason
        suggestion.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        _log(actor, "people:keep-apart", suggestion, first, second)
    return suggestion


def merge(actor: Any, suggestion: MatchSuggestion, *, survivor: Person, reason: str) -> PersonMerge:
    """Merge the other person of ``suggestion`` into ``survivor``; the absorbed row stays."""
    reason = _required_reason(reason)
    with transaction.atomic():
        suggestion, first, second = _lock_open(suggestion)
        _require_known(actor, first, second)
        if survivor.pk not in (first.pk, second.pk):
            raise ValidationError({"survivor": _("Kies een van de twee betrokkenen.")})
        survivor, absorbed = (first, second) if survivor.pk == first.pk else (second, first)
        rows = [_move(model, field, absorbed, survivor) for model, field in movable_relations()]
        added, removed = _move_programmes(absorbed, survivor)
        Person.objects.filter(pk=absorbed.pk).update(merged_into=survivor)
        absorbed.merged_into = survivor
        suggestion.status = MatchStatus.MERGED
        suggestion.save(update_fields=["status"])
        done = PersonMerge.objects.create(
            survivor=survivor,
            absorbed=absorbed,
            suggestion=suggestion,
            merged_by=actor,
            reason=reason,
            moved={
                "rows": [entry for entry in rows if entry["pks"]],
                "programmes_added": added,
                "programmes_removed": removed,
            },
        )
        _log(actor, "people:merge", done, survivor, absorbed)
    return done


def _move(model: type[models.Model], field: str, source: Person, target: Person) -> dict[str, Any]:
    manager = model._base_manager
    pks = list(manager.filter(**{field: source}).order_by("pk").values_list("pk", flat=True))
    if pks:
        manager.filter(pk__in=pks).update(**{field: target})
    return {"model": model._meta.label_lower, "field": field, "pks": pks}


def _move_programmes(absorbed: Person, survivor: Person) -> tuple[list[int], list[int]]:
    """Move the absorbed person's programme memberships; returns (added to survivor, removed
    from absorbed)."""
    removed = sorted(
        PersonProgramme.objects.filter(person=absorbed).values_list("programme_id", flat=True)
    )
    already = set(
        PersonProgramme.objects.filter(person=survivor).values_list("programme_id", flat=True)
    )
    added = [pid for pid in removed if pid not in already]
    PersonProgramme.objects.filter(person=absorbed).delete()
    PersonProgramme.objects.bulk_create(
        [PersonProgramme(person_id=survivor.pk, programme_id=pid) for pid in added]
    )
    return added, removed


def undo_merge(actor: Any, done: PersonMerge, *, reason: str) -> PersonMerge:
    """Give the absorbed person back exactly the rows the merge moved and that still sit with
    the survivor; whatever the survivor got since stays."""
    reason = _required_reason(reason)
    with transaction.atomic():
        done = PersonMerge.objects.select_for_update().get(pk=done.pk)
        pair = Person.objects.select_for_update().filter(
            pk__in=[done.survivor_id, done.absorbed_id]
        )
        locked = {person.pk: person for person in pair.order_by("pk")}
        survivor, absorbed = locked[done.survivor_id], locked[done.absorbed_id]
        # A survivor absorbed later has no programmes of its own: ask where it went.
        _require_known(actor, surviving(survivor))
        if done.undone_at is not None:
            raise ValidationError(_("Deze samenvoeging is al ongedaan gemaakt."))
        if survivor.merged_into_id is not None:
            raise ValidationError(
                _("De blijvende betrokkene is later zelf samengevoegd: maak dat eerst ongedaan.")
            )
        restored = [_move_back(entry, survivor, absorbed) for entry in done.moved.get("rows", [])]
        dropped = _restore_programmes(done, survivor, absorbed)
        Person.objects.filter(pk=absorbed.pk).update(merged_into=None)
        if done.suggestion_id is not None:
            # The question is open again; the coordinator may now keep the two apart.
            MatchSuggestion.objects.filter(pk=done.suggestion_id, status=MatchStatus.MERGED).update(
                status=MatchStatus.OPEN
            )
        done.undone_at = timezone.now()
        done.undone_by = actor
        done.undo_reason = reason
        done.restored = {"rows": restored, "programmes_removed_from_survivor": dropped}
        done.save(update_fields=["undone_at", "undone_by", "undo_reason", "restored"])
        _log(actor, "people:undo-merge", done, survivor, absorbed)
    return done


def _move_back(entry: dict[str, Any], survivor: Person, absorbed: Person) -> dict[str, Any]:
    model = apps.get_model(entry["model"])
    field = entry["field"]
    manager = model._base_manager
    back = list(
        manager.filter(pk__in=entry["pks"], **{field: survivor})
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if back:
        manager.filter(pk__in=back).update(**{field: absorbed})
    stayed = [pk for pk in entry["pks"] if pk not in set(back)]
    return {"model": entry["model"], "field": field, "pks": back, "stayed": stayed}


def _restore_programmes(done: PersonMerge, survivor: Person, absorbed: Person) -> list[int]:
    """Give the absorbed person its programmes back; take from the survivor the ones the merge
    added, unless the survivor has rows there now (then it is known there in its own right)."""
    PersonProgramme.objects.bulk_create(
        [
            PersonProgramme(person_id=absorbed.pk, programme_id=pid)
            for pid in done.moved.get("programmes_removed", [])
        ],
        ignore_conflicts=True,
    )
    dropped = [
        pid for pid in done.moved.get("programmes_added", []) if not _has_rows_in(survivor, pid)
    ]
    PersonProgramme.objects.filter(person=survivor, programme_id__in=dropped).delete()
    return dropped


def _has_rows_in(person: Person, programme_id: int) -> bool:
    return any(
        model._base_manager.filter(**{field: person}, programme_id=programme_id).exists()
        for model, field in movable_relations()
        if _has_programme(model)
    )
