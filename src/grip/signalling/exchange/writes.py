"""One batch of parsed signal rows: read what exists, judge it, write each row.

The write path of the import (DESIGN.md: the import is one of the callers the write rules are
for): one transaction per batch, the rights already checked per row against the reference,
an append-only ``SignalEvent`` (kind ``imported``) and an access-log row for every signal
written. A signal closed here with result ``trajectory`` is announced to the follow-up app
(``dispatch.trajectory_requested``), which opens or joins the person's trajectory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from grip.access.log import record_many
from grip.access.models import AccessEventAction
from grip.bulk import insert
from grip.network.models import Programme
from grip.people.models import Person
from grip.signalling.dispatch import trajectory_requested
from grip.signalling.exchange.rows import SignalRow, rule_errors
from grip.signalling.models import Signal, SignalEvent, SignalEventKind, SignalState
from grip.triage.exchange import cells
from grip.triage.exchange.batch import BatchResult
from grip.triage.exchange.columns import CellError
from grip.triage.exchange.persons import PersonRef, ProgrammeKey, find_persons, new_persons
from grip.triage.exchange.reference import Reference
from grip.vocab.models import Term

# The signal's fields an import may change (the rest, e.g. who picked it up, stays).
WRITTEN_FIELDS = [
    "received_at",
    "municipality",
    "area",
    "person",
    "picked_up_at",
    "picked_up_by",
    "picked_up_organisation",
    "first_contact_at",
    "first_contact_with",
    "closed_at",
    "result",
    "notes",
    "state",
    "version",
]
TRAJECTORY = "trajectory"  # the result that opens or joins the person's trajectory
# The history of a signal names these (the file's fields and the state they give); the notes
# are social data, so the history says that they changed, never what they say.
HISTORY_FIELDS = (
    "received_at",
    "municipality",
    "area",
    "person",
    "concerns",
    "picked_up_at",
    "first_contact_at",
    "first_contact_with",
    "closed_at",
    "result",
    "state",
)


@dataclass
class ImportContext:
    reference: Reference
    user: Any = None  # None: the system (command line)
    purpose: str = "import_signals"
    municipality_codes: dict[int, str] = field(default_factory=dict)  # id -> CBS code
    area_slugs: dict[int, str] = field(default_factory=dict)  # id -> slug

    def __post_init__(self) -> None:
        self.municipality_codes = {pk: code for code, pk in self.reference.municipalities.items()}
        self.area_slugs = {
            area.id: slug
            for programme in self.reference.programmes.values()
            for slug, area in programme.areas.items()
        }


def write_batch(rows: list[SignalRow], context: ImportContext) -> BatchResult:
    """Write the rows (their keys unique within the batch) in one transaction."""
    try:
        with transaction.atomic():
            return _write(rows, context)
    except IntegrityError:
        # A concurrent writer took a key or a person key between our read and our write:
        # read again, once; the second attempt sees its rows and updates them.
        with transaction.atomic():
            return _write(rows, context)


def _write(rows: list[SignalRow], context: ImportContext) -> BatchResult:
    result = BatchResult()
    known = _known_signals(rows)
    accepted: list[tuple[SignalRow, Signal | None]] = []
    for row in rows:
        signal = known.get(row.key)
        errors = _state_errors(row, signal)
        if errors:
            result.errors.extend(errors)
            result.rejected += 1
        else:
            accepted.append((row, signal))
    persons = _persons_for(row for row, _signal in accepted)
    plans = [
        plan
        for row, signal in accepted
        if (plan := _plan(row, signal, _person(row, signal, persons), context)) is not None
    ]
    result.unchanged += len(accepted) - len(plans)
    result.created += sum(plan.created for plan in plans)
    result.updated += sum(not plan.created for plan in plans)
    _save(plans, context)
    for_trajectory = [
        plan.signal for plan in plans if _is_trajectory(plan.signal) and not plan.was_for_trajectory
    ]
    if for_trajectory:
        # The follow-up app (above signalling) opens or joins the trajectories; signalling
        # only announces, inside this transaction.
        trajectory_requested.send(sender=Signal, signals=for_trajectory, actor=context.user)
    return result


def _known_signals(rows: list[SignalRow]) -> dict[tuple[int, int, str], Signal]:
    """The batch's signals that exist, locked for the batch's transaction."""
    wanted = {row.key for row in rows}
    if not wanted:
        return {}
    by_programme: dict[int, set[str]] = defaultdict(set)
    for programme_id, _source_id, number in wanted:
        by_programme[programme_id].add(number)
    condition = Q()
    for programme_id, numbers in by_programme.items():
        condition |= Q(programme_id=programme_id, number__in=sorted(numbers))
    found = (
        Signal.objects.filter(condition)
        .select_related("person", "result")
        .select_for_update(of=("self",))
    )
    signals = {(s.programme_id, s.source_id, s.number): s for s in found}
    known = {key: signal for key, signal in signals.items() if key in wanted}
    concerns: dict[int, list[Term]] = defaultdict(list)
    through = Signal.concerns.through
    for signal_id, term in (
        (link.signal_id, link.term)
        for link in through.objects.filter(
            signal_id__in=[s.pk for s in known.values()]
        ).select_related("term")
    ):
        concerns[signal_id].append(term)
    for signal in known.values():
        signal.known_concerns = concerns[signal.pk]  # type: ignore[attr-defined]
    return known


def _state_errors(row: SignalRow, signal: Signal | None) -> list[CellError]:
    """What the stored signal forbids: a retired code chosen anew (one the signal already
    carries stays acceptable), or the row's values merged with the stored ones breaking a
    row rule (a file without a column keeps that field as it is)."""
    refused: dict[str, list[str]] = defaultdict(list)
    for column, term in row.retired:
        if signal is None or not _carries(signal, column, term):
            refused[column].append(term.code)
    errors = [
        CellError(row.line, column, cells.retired_reason(codes))
        for column, codes in refused.items()
    ]
    if signal is not None:
        merged = {**_stored_values(signal), **row.values, "received_at": row.received_at}
        errors += [
            CellError(
                row.line,
                column,
                _("Met wat al is vastgelegd bij dit signaal: %(reason)s") % {"reason": reason},
            )
            for column, reason in rule_errors(merged)
        ]
    return errors


def _carries(signal: Signal, column: str, term: Term) -> bool:
    if column == "source":
        return True  # the key: a known signal has this source
    if column == "result":
        return signal.result_id == term.pk
    return any(known.pk == term.pk for known in signal.known_concerns)  # type: ignore[attr-defined]


def _stored_values(signal: Signal) -> dict[str, Any]:
    return {
        "concerns": list(signal.known_concerns),  # type: ignore[attr-defined]
        "picked_up_at": signal.picked_up_at,
        "first_contact_at": signal.first_contact_at,
        "first_contact_with": signal.first_contact_with,
        "closed_at": signal.closed_at,
        "result": signal.result,
        "notes": signal.notes,
    }


def _persons_for(rows: Iterable[SignalRow]) -> dict[ProgrammeKey, PersonRef]:
    """The persons of the rows' keys, linked as the situations import links them."""
    wanted = {(row.programme.id, row.person_key) for row in rows if row.person_key}
    persons = find_persons(wanted)
    persons.update(new_persons(wanted - persons.keys()))
    return persons


def _person(
    row: SignalRow, signal: Signal | None, persons: dict[ProgrammeKey, PersonRef]
) -> PersonRef | None:
    if row.person_key is None:  # no person_key column: keep whom the signal has
        if signal is None or signal.person_id is None:
            return None
        return PersonRef(signal.person_id, signal.person.display_key if signal.person else "")
    return persons[(row.programme.id, row.person_key)] if row.person_key else None


@dataclass
class _Plan:
    """One row to write: the signal as the row leaves it, and its history."""

    row: SignalRow
    signal: Signal
    person: PersonRef | None
    created: bool
    changes: dict[str, list[Any]]
    changed: list[str]
    was_for_trajectory: bool  # closed with result trajectory before: announced then


def _plan(
    row: SignalRow, signal: Signal | None, person: PersonRef | None, context: ImportContext
) -> _Plan | None:
    """The row applied to its signal (or a new one); None when it changes nothing."""
    before = _history(signal, context) if signal is not None else {}
    was_for_trajectory = signal is not None and _is_trajectory(signal)
    old_notes = signal.notes if signal is not None else ""
    created = signal is None
    if signal is None:
        signal = Signal(
            programme_id=row.programme.id,
            source=row.source,
            number=row.number,
            created_by=context.user,
        )
        signal.known_concerns = []  # type: ignore[attr-defined]
    _apply(signal, row, person)
    after = _history(signal, context)
    if created:
        changes = {name: [None, value] for name, value in after.items() if value not in ("", [])}
    else:
        changes = {
            name: [before[name], value] for name, value in after.items() if before[name] != value
        }
    changed = sorted(changes)
    if signal.notes != old_notes:
        changed.append("notes")
    if not created and not changed:
        return None
    if not created:
        signal.version += 1
    return _Plan(row, signal, person, created, changes, changed, was_for_trajectory)


def _save(plans: list[_Plan], context: ImportContext) -> None:
    """The batch's signals, concerns, events, person links and access-log rows, each table in
    one or a few statements."""
    if not plans:
        return
    Signal.objects.bulk_create([plan.signal for plan in plans if plan.created])
    Signal.objects.bulk_update([plan.signal for plan in plans if not plan.created], WRITTEN_FIELDS)
    relinked = [
        plan
        for plan in plans
        if "concerns" in plan.row.values and (plan.created or "concerns" in plan.changes)
    ]
    through = Signal.concerns.through
    through.objects.filter(
        signal_id__in=[plan.signal.pk for plan in relinked if not plan.created]
    ).delete()
    through.objects.bulk_create(
        [
            through(signal_id=plan.signal.pk, term_id=term.pk)
            for plan in relinked
            for term in plan.row.values["concerns"]
        ]
    )
    SignalEvent.objects.bulk_create(
        [
            SignalEvent(
                signal=plan.signal,
                kind=SignalEventKind.IMPORTED,
                by=context.user,
                reason=context.purpose[:500],
                data={"changed": plan.changed, "changes": plan.changes},
            )
            for plan in plans
        ]
    )
    insert(
        Person.programmes.through,
        [
            {"person_id": plan.person.pk, "programme_id": plan.row.programme.id}
            for plan in plans
            if plan.person is not None
        ],
        ignore_conflicts=True,
    )
    _log(plans, context)


def _log(plans: list[_Plan], context: ImportContext) -> None:
    """One access-log row per written signal, as ``access.log.record`` writes it."""
    groups: dict[tuple[int, bool], list[_Plan]] = defaultdict(list)
    for plan in plans:
        groups[(plan.row.programme.id, plan.created)].append(plan)
    programmes = Programme.objects.in_bulk({programme_id for programme_id, _c in groups})
    for (programme_id, created), grouped in groups.items():
        record_many(
            context.user,
            AccessEventAction.CREATE if created else AccessEventAction.UPDATE,
            [(plan.signal, plan.person.display_key if plan.person else "") for plan in grouped],
            programme=programmes[programme_id],
            purpose=context.purpose,
        )


def _apply(signal: Signal, row: SignalRow, person: PersonRef | None) -> None:
    """The row's values on the signal, and the state they give (DOMAIN.md: closed when
    closed, picked up when picked up, else new)."""
    signal.received_at = row.received_at
    signal.municipality_id = row.municipality_id
    if row.has_area:
        signal.area_id = row.area_id
    signal.person_id = person.pk if person is not None else None
    if person is not None:
        signal.known_person_key = person.display_key  # type: ignore[attr-defined]
    values = row.values
    for name in ("picked_up_at", "first_contact_at", "first_contact_with", "closed_at", "notes"):
        if name in values:
            setattr(signal, name, values[name])
    if "result" in values:
        signal.result = values["result"]
    if "concerns" in values:
        signal.known_concerns = list(values["concerns"])  # type: ignore[attr-defined]
    if signal.closed_at is not None:
        signal.state = SignalState.CLOSED
    elif signal.picked_up_at is not None:
        signal.state = SignalState.PICKED_UP
    else:
        signal.state = SignalState.NEW
    if signal.picked_up_at is None:
        # A pick-up the file takes away takes its worker with it (the history keeps both).
        signal.picked_up_by = None
        signal.picked_up_organisation = None


def _history(signal: Signal, context: ImportContext) -> dict[str, Any]:
    """The signal's file fields as plain text and lists, for the event's before/after."""
    person_key = getattr(signal, "known_person_key", None)
    if person_key is None:
        person_key = signal.person.display_key if signal.person_id and signal.person else ""
    return {
        "received_at": _iso(signal.received_at),
        "municipality": context.municipality_codes.get(signal.municipality_id, ""),
        "area": context.area_slugs.get(signal.area_id or 0, ""),
        "person": person_key if signal.person_id else "",
        "concerns": sorted(t.code for t in signal.known_concerns),  # type: ignore[attr-defined]
        "picked_up_at": _iso(signal.picked_up_at),
        "first_contact_at": _iso(signal.first_contact_at),
        "first_contact_with": signal.first_contact_with,
        "closed_at": _iso(signal.closed_at),
        "result": signal.result.code if signal.result_id and signal.result else "",
        "state": signal.state,
    }


def _iso(value: Any) -> str:
    return value.isoformat() if value is not None else ""


def _is_trajectory(signal: Signal) -> bool:
    return (
        signal.state == SignalState.CLOSED
        and signal.result is not None
        and signal.result.code == TRAJECTORY
    )
