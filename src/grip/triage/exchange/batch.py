"""One batch of parsed rows: read what exists, check it, decide per row, write in bulk.

The same rules as ``grip.triage.actions`` (history as ``describe_changes`` writes it, a trajectory
when follow-up is needed, one access-log row per written response), but in a fixed number of
queries per batch instead of about fifteen per row. One transaction per batch.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from grip.access.grants import grants_for
from grip.access.policy import Action, DataClass
from grip.intake.models import Incident
from grip.intake.numbers import number_taken_reason
from grip.triage.actions import ResponseData, describe_changes
from grip.triage.exchange import cells
from grip.triage.exchange.columns import RESPONSE_FIELDS, CellError
from grip.triage.exchange.history import incident_change
from grip.triage.exchange.known import (
    FILE_MANY_FIELDS,
    KnownResponse,
    TermTable,
    known_incidents,
    known_responses,
    person_of,
)
from grip.triage.exchange.persons import PersonRef, ProgrammeKey, find_persons, new_persons
from grip.triage.exchange.reference import Reference
from grip.triage.exchange.rows import SituationRow
from grip.triage.exchange.writes import RowWrite, save


@dataclass
class ImportContext:
    reference: Reference
    user: Any = None  # None: the system (command line)
    purpose: str = "import_situations"
    municipality_codes: dict[int, str] = field(default_factory=dict)  # id -> CBS code
    area_slugs: dict[int, str] = field(default_factory=dict)  # id -> slug
    terms_by_id: TermTable = field(default_factory=TermTable)

    def __post_init__(self) -> None:
        self.terms_by_id = TermTable(
            (term.pk, term) for terms in self.reference.terms.values() for term in terms.values()
        )
        self.municipality_codes = {pk: code for code, pk in self.reference.municipalities.items()}
        self.area_slugs = {
            area.id: slug
            for programme in self.reference.programmes.values()
            for slug, area in programme.areas.items()
        }


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[CellError] = field(default_factory=list)
    # The persons of the batch's person keys (for the batch after it, see PipelinedBatches).
    persons: dict[ProgrammeKey, PersonRef] = field(default_factory=dict, repr=False)


def write_batch(rows: list[SituationRow], context: ImportContext) -> BatchResult:
    """Write the rows (their keys unique within the batch) in one transaction."""
    try:
        with transaction.atomic():
            return _write(rows, context)
    except IntegrityError:
        # A concurrent writer took a key, a person key or a version between our read and
        # our write: read again, once; the second attempt sees its rows and updates them.
        with transaction.atomic():
            return _write(rows, context)


@dataclass
class _InFlight:
    """A written batch whose COMMIT runs in ``thread`` on ``wrapper``'s connection."""

    rows: list[SituationRow]
    result: BatchResult
    wrapper: BaseDatabaseWrapper
    thread: threading.Thread
    keys: set[tuple[int, str]]
    error: BaseException | None = None
    skipped: bool = False  # not committed: the batch before it failed at COMMIT


class PipelinedBatches:
    """``write_batch`` for a run of batches, each batch's COMMIT running on the server while
    the next batch is planned and written (PostgreSQL, outside any transaction).

    At COMMIT PostgreSQL runs the deferred foreign-key checks of the batch's rows, about half
    of the server's work in an import. Here a thread waits for that COMMIT (psycopg waits
    without the GIL) while the next batch goes ahead on a second connection: batches
    alternate between the two, each is still one transaction, and they commit in file order
    (a COMMIT first waits for the one before it).

    The next batch cannot see what the committing one wrote, so:

    - a batch with an incident key of the committing batch waits for that COMMIT first;
    - the persons the committing batch found or made are handed on: a person key it had
      is that person here too, instead of a second person (the foreign key to an uncommitted
      person is checked at this batch's COMMIT, after that batch's);
    - anything else that collides with the uncommitted rows (a display key drawn twice, a
      concurrent writer) is an integrity error, which makes the batch run again, once, after
      the one before it is through, as ``write_batch`` does. A batch whose predecessor is
      refused at COMMIT is not committed and runs again after it.
    """

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.main = connections[DEFAULT_DB_ALIAS]  # this thread's wrapper, put back at close
        self.spare = connections.create_connection(DEFAULT_DB_ALIAS)
        self.free = [self.main, self.spare]
        self.in_flight: list[_InFlight] = []  # oldest first, at most two
        for wrapper in self.free:
            wrapper.set_autocommit(False)

    @staticmethod
    def possible() -> bool:
        return connection.vendor == "postgresql" and connection.get_autocommit()

    def write(self, rows: list[SituationRow]) -> list[BatchResult]:
        """Write ``rows`` and start their COMMIT; the results of the batches that are through."""
        keys = {row.key for row in rows}
        done: list[BatchResult] = []
        while self.in_flight and (
            len(self.in_flight) > 1 or self.in_flight[-1].keys & keys or not self.free
        ):
            done.extend(self._settle_oldest())
        wrapper = self.free.pop()
        connections[DEFAULT_DB_ALIAS] = wrapper
        handed_on = self.in_flight[-1].result.persons if self.in_flight else {}
        try:
            result = _write(rows, self.context, handed_on)
        except IntegrityError:
            wrapper.rollback()
            self.free.append(wrapper)
            while self.in_flight:
                done.extend(self._settle_oldest())
            done.append(self._again(rows))
            return done
        except BaseException:
            wrapper.rollback()
            self.free.append(wrapper)
            raise
        before = self.in_flight[-1] if self.in_flight else None
        flight = _InFlight(rows, result, wrapper, threading.Thread(), keys)
        flight.thread = threading.Thread(
            target=self._commit, args=(flight, before), name="grip-import-commit", daemon=True
        )
        self.in_flight.append(flight)
        flight.thread.start()
        return done

    def close(self) -> list[BatchResult]:
        """Wait for the last COMMITs; their results. Afterwards both connections are back in
        autocommit (a batch not through is rolled back), the spare one closed."""
        done: list[BatchResult] = []
        try:
            while self.in_flight:
                done.extend(self._settle_oldest())
            return done
        finally:
            for flight in self.in_flight:  # after an error: wait, then undo what is open
                flight.thread.join()
            self.in_flight = []
            connections[DEFAULT_DB_ALIAS] = self.main
            for wrapper in (self.main, self.spare):
                if not wrapper.get_autocommit():
                    wrapper.rollback()  # nothing open after a COMMIT; after an error, undo
                    wrapper.set_autocommit(True)
            self.spare.close()

    @staticmethod
    def _commit(flight: _InFlight, before: _InFlight | None) -> None:
        if before is not None:
            before.thread.join()
            if before.error is not None or before.skipped:
                flight.skipped = True  # it may lean on the refused batch's persons
                return
        try:
            with flight.wrapper.wrap_database_errors:
                flight.wrapper.connection.commit()
        except BaseException as exc:  # handed to the importing thread
            flight.error = exc

    def _settle_oldest(self) -> list[BatchResult]:
        flight = self.in_flight.pop(0)
        flight.thread.join()
        wrapper = flight.wrapper
        self.free.append(wrapper)
        if flight.error is None and not flight.skipped:
            wrapper.errors_occurred = False
            return [flight.result]
        wrapper.rollback()  # the server has rolled back or nothing was committed; Django's state
        for later in self.in_flight:  # not committed after a refused COMMIT (see _commit)
            later.thread.join()
            later.wrapper.rollback()
        if flight.error is not None and not isinstance(flight.error, IntegrityError):
            raise flight.error
        connections[DEFAULT_DB_ALIAS] = wrapper
        return [self._again(flight.rows)]

    def _again(self, rows: list[SituationRow]) -> BatchResult:
        """The batch once more on this thread's current connection, committed before
        returning, nothing in flight (``write_batch``'s second try)."""
        wrapper = connections[DEFAULT_DB_ALIAS]
        try:
            result = _write(rows, self.context)
            wrapper.commit()
        except BaseException:
            wrapper.rollback()
            raise
        return result


def _write(
    rows: list[SituationRow],
    context: ImportContext,
    handed_on: dict[ProgrammeKey, PersonRef] | None = None,
) -> BatchResult:
    result = BatchResult()
    incidents = known_incidents(rows)
    responses = known_responses(incidents.values(), context.terms_by_id)
    accepted: list[tuple[SituationRow, Incident | None, KnownResponse | None]] = []
    for row in rows:
        incident = incidents.get(row.key)
        known = responses.get(incident.pk) if incident is not None else None
        errors = _state_errors(row, incident, known, context.user)
        if errors:
            result.errors.extend(errors)
            result.rejected += 1
        else:
            accepted.append((row, incident, known))
    persons = _persons_for((row for row, _i, _k in accepted), handed_on or {})
    result.persons = persons
    writes = []
    for row, incident, known in accepted:
        person = _person(row, incident, persons)
        if incident is None:
            write: RowWrite | None = _plan_new(row, person)
        else:
            write = _plan_existing(row, incident, known, person, context)
        if write is None:
            result.unchanged += 1
        elif write.response is None:
            result.created += 1
            writes.append(write)
        else:
            result.updated += 1
            writes.append(write)
    save(writes, context.user, context.purpose)
    return result


def _state_errors(
    row: SituationRow, incident: Incident | None, known: KnownResponse | None, user: Any
) -> list[CellError]:
    """What the database state forbids: another programme's incident, or a retired code
    chosen anew (one the existing record already carries stays acceptable: readable)."""
    if incident is not None and incident.programme_id != row.programme.id:
        # Named as existing only to whom may see it (the command line, user None, may).
        visible = user is None or grants_for(user).can(
            DataClass.POLICE, Action.VIEW, incident.programme_id
        )
        return [CellError(row.line, "incident_number", number_taken_reason(visible))]
    refused: dict[str, list[str]] = defaultdict(list)
    for column, term in row.retired:
        if column == "incident_code":
            if incident is None:
                refused[column].append(term.code)
        elif known is None or not known.has_term(RESPONSE_FIELDS[column], term.pk):
            refused[column].append(term.code)
    return [
        CellError(row.line, column, cells.retired_reason(codes))
        for column, codes in refused.items()
    ]


def _persons_for(
    rows: Iterable[SituationRow], handed_on: dict[ProgrammeKey, PersonRef]
) -> dict[ProgrammeKey, PersonRef]:
    # Every accepted row with an unknown key is written (a new person is a change), so the
    # persons made here are never left without an incident.
    wanted = {(row.programme.id, row.person_key) for row in rows if row.person_key}
    persons = {key: handed_on[key] for key in wanted & handed_on.keys()}
    persons.update(find_persons(wanted - persons.keys()))
    persons.update(new_persons(wanted - persons.keys()))
    return persons


def _person(
    row: SituationRow, incident: Incident | None, persons: dict[ProgrammeKey, PersonRef]
) -> PersonRef | None:
    if row.person_key is None:  # no person_key column: keep whom the incident has
        return person_of(incident) if incident is not None else None
    return persons[(row.programme.id, row.person_key)] if row.person_key else None


def _plan_new(row: SituationRow, person: PersonRef | None) -> RowWrite:
    data = ResponseData(**row.values)
    return RowWrite(
        row=row,
        person=person,
        data=data,
        changes=row.new_changes,
        open_trajectory=bool(data.follow_up_needed),
        many_to_write=FILE_MANY_FIELDS,
    )


def _plan_existing(
    row: SituationRow,
    incident: Incident,
    known: KnownResponse | None,
    person: PersonRef | None,
    context: ImportContext,
) -> RowWrite | None:
    """The write for a known incident, or None when the row changes nothing."""
    before = ResponseData() if known is None else known.before
    data = dataclasses.replace(before, **row.values)
    changes = describe_changes(before, data)
    moved = incident_change(
        incident, person_of(incident), row, person, context.municipality_codes, context.area_slugs
    )
    if moved is not None:
        changes["incident"] = moved
    # A row that asks for follow-up and changes nothing already had its trajectory opened
    # when it first came in (the follow-up app opens one for every such response).
    open_trajectory = bool(data.follow_up_needed)
    if known is not None and not changes:
        return None
    many = [name for name in FILE_MANY_FIELDS if known is None or name in changes]
    return RowWrite(
        row=row,
        person=person,
        data=data,
        changes=changes,
        open_trajectory=open_trajectory,
        many_to_write=many,
        incident=incident,
        incident_changed=moved is not None,
        response=known.response if known is not None else None,
    )
