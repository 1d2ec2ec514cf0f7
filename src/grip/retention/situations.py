"""Situations past retention: an incident with its response, anonymised so the figures stay.

What goes: the incident number (it leads back to the police register), the short description,
the response's care notes and its revisions (they repeat old values, notes included), and the
link to the person. What stays: everything the indicators count (programme, municipality,
area, the report and on-site times, officers, AVE, risks, interventions, bottlenecks, safety,
outcome, follow-up), so a factsheet of a past period comes out the same after the purge.

The person link is not simply emptied, because ``persons`` (distinct persons, repeat persons)
would then change. Instead all the incidents of one person in one calendar year (local time)
move together, in one run, to one new *anonymous token*: a person row with a fresh ``A-`` key,
no programme (so no screen shows it), no identity and no source keys. Within a calendar year
every figure stays exact; nothing links the token to the person, nor one year's token to
another's. The person-year is therefore also the unit of expiry: it expires once every incident
in it has (``HELD_LABELS["person_year"]`` counts the ones waiting for the rest). See
``docs/adr/0070-retention-and-purge.md``.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import BigIntegerField, Case, CharField, Count, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Concat

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.followup.models import Trajectory, TrajectoryStatus
from grip.intake.models import Incident
from grip.network.models import Programme
from grip.people.models import KEY_PREFIX, Person, new_display_key
from grip.retention.append_only import delete_expired_rows
from grip.retention.classes import SITUATION
from grip.retention.models import PurgedSituation
from grip.retention.plan import Found, chunks
from grip.triage.models import Response, ResponseRevision

TOKEN_PREFIX = "A-"  # noqa: S105 - "anoniem": a person row holding expired incidents together
NUMBER_PREFIX = "purged-"
GROUPS_PER_UPDATE = 100  # person-years moved to their tokens per statement


@dataclass(frozen=True)
class Group:
    """Incidents that expire together: one person's in one calendar year, or one without a
    person (``person_id`` None)."""

    person_id: int | None
    incident_ids: tuple[int, ...]


def _still_kept_trajectories(cutoff: dt.datetime) -> QuerySet[Trajectory]:
    """Trajectories that keep their incident: open, or closed at or after the cut-off."""
    return Trajectory.objects.filter(
        Q(status=TrajectoryStatus.OPEN) | Q(closed_at__isnull=True) | Q(closed_at__gte=cutoff)
    )


def expired_incidents(cutoff: dt.datetime) -> tuple[QuerySet[Incident], QuerySet[Incident]]:
    """(expired, held): incidents reported before the cut-off not yet purged, split by whether
    a trajectory that followed them still runs its own period."""
    kept = _still_kept_trajectories(cutoff)
    # Filtered on NOT NULL: a NULL inside NOT IN would make the whole condition unknown.
    by_incident = kept.filter(incident__isnull=False).values("incident_id")
    by_response = kept.filter(response__isnull=False).values("response__incident_id")
    past = Incident.objects.filter(reported_at__lt=cutoff, retention_purge__isnull=True)
    held = Q(pk__in=by_incident) | Q(pk__in=by_response)
    return past.exclude(held), past.filter(held)


def local_year(moment: dt.datetime) -> int:
    return moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).year


class SituationPurger:
    retention_class = SITUATION

    def find(self, now: dt.datetime, earlier: list[Found]) -> Found:
        cutoff = SITUATION.cutoff(now)
        found = Found(SITUATION, cutoff)
        expired, held = expired_incidents(cutoff)
        found.held["open_trajectory"] = held.count()
        rows = list(expired.values_list("pk", "person_id", "reported_at", "programme_id"))
        expired_ids = {pk for pk, _person, _at, _programme in rows}
        programme_of = {pk: programme for pk, _person, _at, programme in rows}

        years: dict[tuple[int, int], list[int]] = defaultdict(list)
        person_ids = sorted({person for _pk, person, _at, _p in rows if person is not None})
        for batch in chunks(person_ids):
            for pk, person, at in Incident.objects.filter(
                person_id__in=batch, retention_purge__isnull=True
            ).values_list("pk", "person_id", "reported_at"):
                years[(person, local_year(at))].append(pk)

        groups = [Group(None, tuple(pk for pk, person, _at, _p in rows if person is None))]
        for (person, _year), ids in sorted(years.items()):
            waiting = [pk for pk in ids if pk in expired_ids]
            if len(waiting) == len(ids):
                groups.append(Group(person, tuple(sorted(ids))))
            else:
                found.held["person_year"] += len(waiting)
        groups = [group for group in groups if group.incident_ids]
        found.work = groups

        ids = [pk for group in groups for pk in group.incident_ids]
        for pk in ids:
            found.add(programme_of[pk], "incidents_anonymised")
        for group in groups:
            if group.person_id is not None:
                found.add(programme_of[group.incident_ids[0]], "anonymous_tokens_created")
        for batch in chunks(ids):
            responses = Response.objects.filter(incident_id__in=batch)
            for row in (
                responses.order_by()
                .values("incident__programme_id")
                .annotate(n=Count("pk", distinct=True), revision_rows=Count("revisions"))
            ):
                programme = row["incident__programme_id"]
                found.add(programme, "responses_anonymised", row["n"])
                found.add(programme, "response_revisions_deleted", row["revision_rows"])
        found.unlinks[(Incident, "person")] = {
            pk for group in groups if group.person_id is not None for pk in group.incident_ids
        }
        return found

    def apply(self, found: Found, now: dt.datetime) -> None:
        groups: list[Group] = found.work
        personal = [group for group in groups if group.person_id is not None]
        # Tokens are made in random order, so their ids do not follow the persons' order.
        random.SystemRandom().shuffle(personal)
        tokens = Person.objects.bulk_create(
            [Person(display_key=key) for key in anonymous_keys(len(personal))]
        )
        pairs = list(zip(personal, tokens, strict=True))
        for start in range(0, len(pairs), GROUPS_PER_UPDATE):
            _move_to_tokens(pairs[start : start + GROUPS_PER_UPDATE])

        ids = sorted(pk for group in groups for pk in group.incident_ids)
        for batch in chunks(ids):
            Incident.objects.filter(pk__in=batch).update(
                description="",
                number=Concat(Value(NUMBER_PREFIX), Cast("pk", CharField())),
            )
            Response.objects.filter(incident_id__in=batch).update(notes="")
            delete_expired_rows(ResponseRevision.objects.filter(response__incident_id__in=batch))
        PurgedSituation.objects.bulk_create(
            [PurgedSituation(incident_id=pk, purged_at=now) for pk in ids]
        )
        _log_persons(personal)


def _move_to_tokens(pairs: list[tuple[Group, Person]]) -> None:
    """One UPDATE for many person-years: each group's incidents to its token."""
    Incident.objects.filter(
        pk__in=[pk for group, _token in pairs for pk in group.incident_ids]
    ).update(
        person_id=Case(
            *[When(pk__in=group.incident_ids, then=Value(token.pk)) for group, token in pairs],
            output_field=BigIntegerField(),
        )
    )


def anonymous_keys(n: int) -> list[str]:
    """``n`` fresh, unused token keys: a display key with ``A-`` instead of ``P-``."""
    keys: set[str] = set()
    while len(keys) < n:
        wanted = {
            TOKEN_PREFIX + new_display_key().removeprefix(KEY_PREFIX) for _ in range(n - len(keys))
        }
        taken = set(
            Person.objects.filter(display_key__in=sorted(wanted)).values_list(
                "display_key", flat=True
            )
        )
        keys |= wanted - taken
    return sorted(keys)


def _log_persons(groups: list[Group]) -> None:
    """One access-log row per person and programme: their expired incidents were taken from
    them. The row names the person, never the token, so the log does not link the two."""
    seen: set[tuple[int, int]] = set()
    programme_of: dict[int, int] = {}
    for batch in chunks(pk for group in groups for pk in group.incident_ids):
        programme_of.update(Incident.objects.filter(pk__in=batch).values_list("pk", "programme_id"))
    for group in groups:
        assert group.person_id is not None
        for pk in group.incident_ids:
            seen.add((group.person_id, programme_of[pk]))
    keys = dict(
        Person.objects.filter(pk__in=sorted({p for p, _ in seen})).values_list("pk", "display_key")
    )
    programmes = Programme.objects.in_bulk(sorted({prog for _, prog in seen}))
    for person_id, programme_id in sorted(seen):
        record(
            None,
            AccessEventAction.DELETE,
            programme=programmes[programme_id],
            person_key=keys[person_id],
            purpose="retention:situation person_unlinked",
        )
