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
from django.utils.translation import gettext as _

from grip.intake.models import Incident
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


class PipelinedBatches:
    """``write_batch`` for a run of batches, with the COMMIT of each batch running on the
    server while the caller parses the next (PostgreSQL, outside any transaction).

    At commit PostgreSQL runs the deferred foreign-key checks of the batch's rows, about a
    third of the server's work in an import; a thread waits for it (psycopg waits without the
    GIL) while this one goes on. The next batch starts only once that COMMIT is through, so
    every batch still reads what the ones before it wrote, and each is one transaction. A
    COMMIT refused for an integrity error makes the batch run again, once, as ``write_batch``
    does; any other error is raised on the next call.
    """

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.connection = connections[DEFAULT_DB_ALIAS]  # the wrapper, not this thread's proxy
        self.pending: tuple[list[SituationRow], BatchResult, threading.Thread] | None = None
        self.commit_error: BaseException | None = None
        self.connection.set_autocommit(False)

    @staticmethod
    def possible() -> bool:
        return connection.vendor == "postgresql" and connection.get_autocommit()

    def write(self, rows: list[SituationRow]) -> list[BatchResult]:
        """Start writing ``rows``; the results of the batches that are through."""
        done = self._settle()
        try:
            result = _write(rows, self.context)
        except IntegrityError:
            self.connection.rollback()
            done.append(self._again(rows))
            return done
        except BaseException:
            self.connection.rollback()
            raise
        thread = threading.Thread(target=self._commit, name="grip-import-commit", daemon=True)
        self.pending = (rows, result, thread)
        thread.start()
        return done

    def close(self) -> list[BatchResult]:
        """Wait for the last COMMIT; its result. Back in autocommit afterwards, whatever
        happened."""
        try:
            return self._settle()
        finally:
            if self.pending is not None:  # an error before the last COMMIT was waited for
                self.pending[2].join()
                self.pending = None
            if not self.connection.get_autocommit():
                self.connection.rollback()  # nothing open after a COMMIT; after an error, undo
                self.connection.set_autocommit(True)

    def _commit(self) -> None:
        try:
            with self.connection.wrap_database_errors:
                self.connection.connection.commit()
        except BaseException as exc:  # handed to the importing thread
            self.commit_error = exc

    def _settle(self) -> list[BatchResult]:
        if self.pending is None:
            return []
        rows, result, thread = self.pending
        thread.join()
        self.pending = None
        error, self.commit_error = self.commit_error, None
        if error is None:
            self.connection.errors_occurred = False
            return [result]
        self.connection.rollback()  # the server rolled back already; this resets Django's state
        if isinstance(error, IntegrityError):
            return [self._again(rows)]
        raise error

    def _again(self, rows: list[SituationRow]) -> BatchResult:
        """The batch once more, committed before returning (``write_batch``'s second try)."""
        try:
            result = _write(rows, self.context)
            self.connection.commit()
        except BaseException:
            self.connection.rollback()
            raise
        return result


def _write(rows: list[SituationRow], context: ImportContext) -> BatchResult:
    result = BatchResult()
    incidents = known_incidents(rows)
    responses = known_responses(incidents.values(), context.terms_by_id)
    accepted: list[tuple[SituationRow, Incident | None, KnownResponse | None]] = []
    for row in rows:
        incident = incidents.get(row.key)
        known = responses.get(incident.pk) if incident is not None else None
        errors = _state_errors(row, incident, known)
        if errors:
            result.errors.extend(errors)
            result.rejected += 1
        else:
            accepted.append((row, incident, known))
    persons = _persons_for(row for row, _i, _k in accepted)
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
    row: SituationRow, incident: Incident | None, known: KnownResponse | None
) -> list[CellError]:
    """What the database state forbids: another programme's incident, or a retired code
    chosen anew (one the existing record already carries stays acceptable: readable)."""
    if incident is not None and incident.programme_id != row.programme.id:
        reason = _("Er is al een melding met deze code en dit nummer in een ander programma.")
        return [CellError(row.line, "incident_number", reason)]
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


def _persons_for(rows: Iterable[SituationRow]) -> dict[ProgrammeKey, PersonRef]:
    # Every accepted row with an unknown key is written (a new person is a change), so the
    # persons made here are never left without an incident.
    wanted = {(row.programme.id, row.person_key) for row in rows if row.person_key}
    persons = find_persons(wanted)
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
