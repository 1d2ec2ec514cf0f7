"""Persons past retention: deleted, with their identity, source keys and linking decisions.

A person expires when nothing refers to them any more (their incidents went to anonymous
tokens, their trajectories were anonymised, no other record points at them) and their own last
activity (being created, their identity changed, a merge or its undo) lies before the cut-off.
What refers to a person is found from the model graph, not from a list: a foreign key to Person
that a later app adds (the learning app's session cases) keeps the person until that app's own
retention lets go of it. See ``docs/retention.md`` for that hook.

A person absorbed by a merge keeps their identity row (it is bound to that person) and goes
together with the person they were merged into; the merge rows about them go too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, ForeignObjectRel, Model, OuterRef, Q, QuerySet

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.network.models import Programme
from grip.people.models import MatchSuggestion, Person, PersonIdentity, PersonMerge, SourceKey
from grip.retention.classes import PERSON
from grip.retention.plan import Found, chunks
from grip.sharing.models import SharingRecord

PersonProgramme = Person.programmes.through

# The person's own records: they are deleted with the person and never keep one alive.
OWN_RECORDS: tuple[type[Model], ...] = (
    PersonIdentity,
    SourceKey,
    MatchSuggestion,
    PersonMerge,
    Person,  # merged_into: handled as a merge tree below
    PersonProgramme,
    # With whom the person's data was shared and on what ground: kept as long as the person,
    # and never the reason to keep one.
    SharingRecord,
)


def referring_relations() -> list[tuple[type[Model], str]]:
    """(model, foreign key name) of every record outside the person's own that points at a
    person: incidents, trajectories, and whatever app adds one later."""
    found: list[tuple[type[Model], str]] = []
    for relation in Person._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or relation.many_to_many:
            continue  # a many-to-many's own through model shows up as a foreign key anyway
        model = relation.related_model
        assert isinstance(model, type)
        if issubclass(model, OWN_RECORDS):
            continue
        found.append((model, relation.field.name))
    return sorted(found, key=lambda pair: (pair[0]._meta.label, pair[1]))


def quiet_persons(cutoff: dt.datetime) -> QuerySet[Person]:
    """Persons whose own last activity lies before the cut-off."""
    recent_merges = PersonMerge.objects.filter(Q(merged_at__gte=cutoff) | Q(undone_at__gte=cutoff))
    return (
        Person.objects.filter(created_at__lt=cutoff)
        .exclude(identity__updated_at__gte=cutoff)
        .exclude(pk__in=recent_merges.values("survivor_id"))
        .exclude(pk__in=recent_merges.values("absorbed_id"))
    )


class PersonPurger:
    retention_class = PERSON

    def find(self, now: dt.datetime, earlier: list[Found]) -> Found:
        cutoff = PERSON.cutoff(now)
        found = Found(PERSON, cutoff)
        relations = referring_relations()
        unlinked: dict[tuple[type[Model], str], set[int]] = defaultdict(set)
        for other in earlier:
            for relation, pks in other.unlinks.items():
                unlinked[relation] |= pks

        quiet = quiet_persons(cutoff)
        unreferenced = quiet
        for model, field in relations:
            unreferenced = unreferenced.filter(
                ~Exists(model._base_manager.filter(**{field: OuterRef("pk")}))
            )
        empty = set(unreferenced.values_list("pk", flat=True))
        empty |= self._empty_after_this_run(quiet, relations, unlinked)

        levels, blocked = self._merge_trees(empty)
        found.held["still_referred_to"] = blocked
        found.work = levels
        self._count(found, [pk for level in levels for pk in level])
        return found

    def _empty_after_this_run(
        self,
        quiet: QuerySet[Person],
        relations: list[tuple[type[Model], str]],
        unlinked: dict[tuple[type[Model], str], set[int]],
    ) -> set[int]:
        """Persons that the earlier classes of this run take the last records from."""
        touched: set[int | None] = set()
        for (model, field), pks in unlinked.items():
            for batch in chunks(sorted(pks)):
                touched.update(
                    model._base_manager.filter(pk__in=batch).values_list(field, flat=True)
                )
        empty: set[int] = set()
        for batch in chunks(sorted(pk for pk in touched if pk is not None)):
            candidates = set(quiet.filter(pk__in=batch).values_list("pk", flat=True))
            for model, field in relations:
                gone = unlinked.get((model, field), set())
                for pk, person in model._base_manager.filter(
                    **{f"{field}__in": sorted(candidates)}
                ).values_list("pk", field):
                    if pk not in gone:
                        candidates.discard(person)
            empty |= candidates
        return empty

    def _merge_trees(self, empty: set[int]) -> tuple[list[list[int]], int]:
        """The persons to delete, level by level from the roots (not merged into anyone) down
        to the persons merged into them; and how many roots wait for an absorbed person who
        still has records."""
        parent: dict[int, int | None] = {}
        for batch in chunks(sorted(empty)):
            parent.update(Person.objects.filter(pk__in=batch).values_list("pk", "merged_into_id"))
        roots = sorted(pk for pk, merged_into in parent.items() if merged_into is None)
        root_of = {pk: pk for pk in roots}
        levels: list[list[int]] = [roots]
        blocked: set[int] = set()
        frontier = roots
        while frontier:
            children: list[int] = []
            for batch in chunks(frontier):
                for pk, merged_into in Person.objects.filter(merged_into__in=batch).values_list(
                    "pk", "merged_into_id"
                ):
                    root_of[pk] = root_of[merged_into]
                    if pk not in empty:
                        blocked.add(root_of[pk])
                    children.append(pk)
            if children:
                levels.append(sorted(children))
            frontier = children
        kept = [[pk for pk in level if root_of[pk] not in blocked] for level in levels]
        return [level for level in kept if level], len(blocked)

    def _count(self, found: Found, ids: list[int]) -> None:
        for batch in chunks(ids):
            memberships = PersonProgramme.objects.filter(person_id__in=batch)
            in_programme = set()
            for person, programme in memberships.values_list("person_id", "programme_id"):
                in_programme.add(person)
                found.add(programme, "persons_deleted")
            found.add(None, "persons_deleted", len(set(batch) - in_programme))
            found.add(
                None,
                "identities_deleted",
                PersonIdentity.objects.filter(person_id__in=batch).count(),
            )
            for programme, n in _per_programme(SourceKey.objects.filter(person_id__in=batch)):
                found.add(programme, "source_keys_deleted", n)
            shared = (
                SharingRecord.objects.filter(person_id__in=batch)
                .values("programme_id")
                .annotate(n=Count("pk"))
                .order_by()
            )
            for row in shared:
                found.add(row["programme_id"], "sharing_records_deleted", row["n"])
            found.add(
                None,
                "merges_deleted",
                PersonMerge.objects.filter(
                    Q(survivor_id__in=batch) | Q(absorbed_id__in=batch)
                ).count(),
            )

    def apply(self, found: Found, now: dt.datetime) -> None:
        levels: list[list[int]] = found.work
        ids = [pk for level in levels for pk in level]
        _log_persons(ids)
        for batch in chunks(ids):
            PersonMerge.objects.filter(Q(survivor_id__in=batch) | Q(absorbed_id__in=batch)).delete()
            SharingRecord.objects.filter(person_id__in=batch).delete()
        # Absorbed persons first: merged_into protects the person they were merged into.
        for level in reversed(levels):
            for batch in chunks(level):
                Person.objects.filter(pk__in=batch).delete()


def _per_programme(source_keys: QuerySet[SourceKey]) -> list[tuple[int, int]]:
    counts: dict[int, int] = defaultdict(int)
    for programme in source_keys.values_list("programme_id", flat=True):
        counts[programme] += 1
    return sorted(counts.items())


def _log_persons(ids: list[int]) -> None:
    """One access-log row per deleted person and programme (one without, if in none)."""
    rows: list[tuple[str, int | None]] = []
    for batch in chunks(ids):
        keys = dict(Person.objects.filter(pk__in=batch).values_list("pk", "display_key"))
        programmes: dict[int, list[int | None]] = defaultdict(list)
        for person_id, programme_id in PersonProgramme.objects.filter(
            person_id__in=batch
        ).values_list("person_id", "programme_id"):
            programmes[person_id].append(programme_id)
        for pk in batch:
            rows.extend((keys[pk], programme_id) for programme_id in programmes[pk] or [None])
    in_bulk = Programme.objects.in_bulk(sorted({p for _, p in rows if p is not None}))
    for key, where in sorted(rows, key=lambda row: (row[0], row[1] or 0)):
        record(
            None,
            AccessEventAction.DELETE,
            programme=in_bulk[where] if where is not None else None,
            person_key=key,
            purpose="retention:person deleted",
        )
