"""Every write of signals: one transaction, the actor's right checked (``SIGNAL_POLICY``), an
append-only ``SignalEvent`` with who, when, why and what, and the access-log row.

Forms that edit a signal post the version they were opened on (ADR 0005): a stale version
raises ``EditConflict`` and nothing is saved. Creating forms post a one-time
``submission_key``: a repeat (double tap, resent POST) returns what the first one made.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.access.log import acting_membership, record
from grip.access.models import AccessEventAction
from grip.access.policy import SignalRight
from grip.intake.models import Incident
from grip.network.models import Area, Municipality, Organisation, Programme
from grip.people.actions import create_person, make_known_in
from grip.people.identity.records import Identity
from grip.people.linking import person_for_identity
from grip.people.models import Person
from grip.sharing.actions import record_sharing
from grip.sharing.models import SharingKind
from grip.signalling.dispatch import trajectory_requested
from grip.signalling.models import (
    ContactWith,
    Signal,
    SignalContact,
    SignalEvent,
    SignalEventKind,
    SignalState,
)
from grip.signalling.rights import can, require
from grip.triage.models import Response
from grip.vocab.models import Term, Vocabulary

TRAJECTORY_RESULT = "trajectory"
I28_CODE = "I28"
CLOCK_SKEW = dt.timedelta(minutes=5)


class EditConflict(Exception):
    """Someone else changed the signal after this form was opened."""

    def __init__(self, current: Signal) -> None:
        super().__init__("The signal changed since it was opened.")
        self.current = current


@dataclass(frozen=True)
class SignalData:
    """The fields of a new signal, as the register form or a caller gives them.

    The person: ``person`` (already known in the programme), or ``new_person`` (a fresh key),
    or ``identity`` (the person Grip knows under the same pseudonym, else a new one; needs the
    identity create right), or none of them (unknown)."""

    programme: Programme
    source: Term
    received_at: dt.datetime
    municipality: Municipality
    number: str = ""
    area: Area | None = None
    concerns: tuple[Term, ...] = ()
    notes: str = ""
    person: Person | None = None
    new_person: bool = False
    identity: Identity | None = None
    submission_key: uuid.UUID | None = None


def register_signal(actor: Any, data: SignalData) -> Signal:
    """Register a signal from any source (``SignalRight.REGISTER`` in the programme)."""
    require(actor, SignalRight.REGISTER, data.programme.pk)
    return _create(actor, data, incident=None, purpose="signalling:register")


def signal_from_incident(
    actor: Any, incident: Incident, *, concerns: Iterable[Term] = (), notes: str = ""
) -> Signal:
    """Pass a police incident on as a signal in one step, keeping the link
    (``SignalRight.FORWARD``). Its number is the incident's; its source the police's (I28 or
    other). Passing the same incident on again returns the signal made the first time."""
    require(actor, SignalRight.FORWARD, incident.programme_id)
    if not Incident.objects.visible_to(actor).filter(pk=incident.pk).exists():
        raise PermissionDenied
    earlier = Signal.objects.filter(incident=incident).order_by("pk").first()
    if earlier is not None:
        return earlier
    if Response.objects.filter(incident=incident).exists():
        # DOMAIN.md: an I28, or an E33 that needed no joint response; one with a response is
        # followed up from that response.
        raise ValidationError(
            _(
                "Deze melding had een gezamenlijke inzet; die wordt vanuit de inzet opgevolgd, "
                "niet als signaal."
            )
        )
    source_code = "police_i28" if incident.kind.code == I28_CODE else "police_other"
    source = Term.objects.get(vocabulary=Vocabulary.SIGNAL_SOURCE, code=source_code)
    data = SignalData(
        programme=incident.programme,
        source=source,
        number=incident.number,
        received_at=incident.reported_at,
        municipality=incident.municipality,
        area=incident.area,
        concerns=tuple(concerns),
        notes=notes,
        person=incident.person,
    )
    return _create(actor, data, incident=incident, purpose="signalling:from-incident")


def _create(actor: Any, data: SignalData, *, incident: Incident | None, purpose: str) -> Signal:
    if data.submission_key is not None:
        earlier = Signal.objects.filter(
            submission_key=data.submission_key, created_by=actor
        ).first()
        if earlier is not None:
            return earlier
    if data.received_at > timezone.now() + CLOCK_SKEW:
        raise ValidationError({"received_at": _("Het tijdstip van ontvangst ligt in de toekomst.")})
    with transaction.atomic():
        person = _person_for(actor, data)
        signal = Signal(
            programme=data.programme,
            source=data.source,
            number=data.number.strip() or _own_number(),
            received_at=data.received_at,
            municipality=data.municipality,
            area=data.area,
            person=person,
            notes=data.notes.strip(),
            incident=incident,
            submission_key=data.submission_key,
            created_by=actor,
        )
        signal.full_clean(exclude=["submission_key"])
        signal.save()
        if data.concerns:
            signal.concerns.set(data.concerns)
        _event(
            signal,
            SignalEventKind.REGISTERED,
            actor,
            "",
            source=data.source.code,
            number=signal.number,
            incident=incident.pk if incident else None,
            concerns=sorted(term.code for term in data.concerns),
        )
        _log(actor, AccessEventAction.CREATE, signal, purpose)
    return signal


def _person_for(actor: Any, data: SignalData) -> Person | None:
    """Linked exactly like incidents (``grip.intake.actions.register``)."""
    if data.identity is not None:
        return person_for_identity(actor, data.programme, data.identity).person
    if data.new_person:
        return create_person(data.programme)
    if data.person is not None:
        make_known_in(data.person, data.programme)
    return data.person


def _own_number() -> str:
    """A reference for a signal whose source gave none (a neighbour's phone call)."""
    return f"G-{timezone.localdate():%Y%m%d}-{secrets.token_hex(3).upper()}"


def pick_up(actor: Any, signal: Signal, *, version: int | None = None) -> Signal:
    """The actor picks the signal up: they are its named worker, for their organisation.
    Picking up what the same actor already holds returns it (a double tap)."""
    require(actor, SignalRight.WORK, signal.programme_id)
    with transaction.atomic():
        current = _locked(signal)
        if current.state == SignalState.PICKED_UP and current.picked_up_by_id == actor.pk:
            return current  # a repeat: the first tap did it
        _check_version(current, version)
        if current.state != SignalState.NEW:
            raise ValidationError(_("Dit signaal is al opgepakt."))
        _pick_up(current, actor, timezone.now())
        _bump(current)
        _log(actor, AccessEventAction.UPDATE, current, "signalling:pick-up")
    return current


def add_signal_contact(
    actor: Any,
    signal: Signal,
    *,
    at: dt.datetime,
    with_whom: str,
    kind: Term,
    notes: str = "",
    submission_key: uuid.UUID | None = None,
) -> SignalContact:
    """Record a contact. The earliest contact sets the signal's first contact (time and with
    whom: the network or the person). A new signal is picked up by whoever records a contact
    on it, at that moment."""
    require(actor, SignalRight.WORK, signal.programme_id)
    if submission_key is not None:
        earlier = SignalContact.objects.filter(submission_key=submission_key).first()
        if earlier is not None:
            if earlier.signal_id != signal.pk or earlier.by_id != actor.pk:
                raise PermissionDenied
            return earlier
    errors: dict[str, str] = {}
    if with_whom not in ContactWith.values:
        errors["with_whom"] = _("Kies met wie het contact was.")
    if kind.vocabulary != Vocabulary.CONTACT_KIND:
        errors["kind"] = _("Kies een soort contact.")
    if at > timezone.now() + CLOCK_SKEW:
        errors["at"] = _("Dit tijdstip ligt in de toekomst.")
    elif at < signal.received_at:
        errors["at"] = _("Dit tijdstip ligt vóór de ontvangst van het signaal.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = _locked(signal)
        _require_open(current)
        if current.state == SignalState.NEW:
            _pick_up(current, actor, min(at, timezone.now()))
        assert current.picked_up_at is not None
        at = _not_before(
            at, current.picked_up_at, _("Dit tijdstip ligt vóór het oppakken van het signaal.")
        )
        contact = SignalContact.objects.create(
            signal=current,
            at=at,
            with_whom=with_whom,
            kind=kind,
            notes=notes.strip(),
            by=actor,
            by_organisation=_organisation_of(actor, current.programme),
            submission_key=submission_key,
        )
        first = current.first_contact_at is None or at < current.first_contact_at
        if first:
            current.first_contact_at = at
            current.first_contact_with = with_whom
        _event(
            current,
            SignalEventKind.CONTACT,
            actor,
            "",
            contact=contact.pk,
            at=at.isoformat(),
            with_whom=with_whom,
            kind=kind.code,
            first=first,
        )
        _bump(current)
        _log(actor, AccessEventAction.CREATE, current, "signalling:contact")
    return contact


def close_signal(
    actor: Any,
    signal: Signal,
    *,
    result: Term | None,
    at: dt.datetime | None = None,
    notes: str = "",
    version: int | None = None,
) -> Signal:
    """Close with a result (required). Result ``trajectory`` asks follow-up to open the
    person's trajectory in the programme or join the open one (``trajectory_requested``, in
    this transaction). A new signal is picked up by whoever closes it, at that moment."""
    require(actor, SignalRight.WORK, signal.programme_id)
    now = timezone.now()
    at = at or now
    if result is None or result.vocabulary != Vocabulary.SIGNAL_RESULT:
        raise ValidationError({"result": _("Kies het resultaat waarmee u het signaal afsluit.")})
    if at > now + CLOCK_SKEW:
        raise ValidationError({"at": _("Dit tijdstip ligt in de toekomst.")})
    with transaction.atomic():
        current = _locked(signal)
        if _same_closure(current, actor, result):
            return current  # a repeat: the first post closed it
        _check_version(current, version)
        _require_open(current)
        if current.state == SignalState.NEW:
            _pick_up(current, actor, min(at, now))
        assert current.picked_up_at is not None
        at = _not_before(
            at,
            max(filter(None, [current.picked_up_at, current.first_contact_at])),
            _("Het afsluiten ligt vóór het oppakken of een contact."),
        )
        current.state = SignalState.CLOSED
        current.closed_at = at
        current.result = result
        _event(
            current,
            SignalEventKind.CLOSED,
            actor,
            notes.strip()[:500],
            result=result.code,
            at=at.isoformat(),
        )
        _bump(current)
        _log(actor, AccessEventAction.UPDATE, current, "signalling:close")
        if result.code == TRAJECTORY_RESULT:
            trajectory_requested.send(sender=Signal, signals=[current], actor=actor)
    return current


def _locked(signal: Signal) -> Signal:
    """The current row, locked (on PostgreSQL; SQLite writes one at a time anyway)."""
    return (
        Signal.objects.select_for_update(of=("self",))
        .select_related("programme", "person", "source", "result")
        .get(pk=signal.pk)
    )


def _not_before(at: dt.datetime, earliest: dt.datetime, message: str) -> dt.datetime:
    """``at`` from a form (to the minute) may fall in the same minute as ``earliest`` but
    before it: then it is ``earliest``, so the order received ≤ picked up ≤ first contact ≤
    closed always holds. An earlier minute is refused."""
    if at >= earliest:
        return at
    if at >= earliest.replace(second=0, microsecond=0):
        return earliest
    raise ValidationError({"at": message})


def _check_version(current: Signal, version: int | None) -> None:
    """The form's version must still be the current one, or nothing is saved (ADR 0005)."""
    if version is not None and current.version != version:
        raise EditConflict(current)


def _same_closure(current: Signal, actor: Any, result: Term) -> bool:
    """Is this signal already closed by ``actor`` with ``result`` (a resent close)?"""
    if current.state != SignalState.CLOSED or current.result_id != result.pk:
        return False
    last = current.events.filter(kind=SignalEventKind.CLOSED).order_by("-at", "-id").first()
    return last is not None and last.by_id == actor.pk


def _pick_up(current: Signal, actor: Any, at: dt.datetime) -> None:
    current.state = SignalState.PICKED_UP
    current.picked_up_at = at
    current.picked_up_by = actor
    current.picked_up_organisation = _organisation_of(actor, current.programme)
    _event(
        current,
        SignalEventKind.PICKED_UP,
        actor,
        "",
        at=at.isoformat(),
        organisation=current.picked_up_organisation_id,
    )
    _record_police_sharing(current, actor)


# The ground on which a police report passed on as a signal reaches the care or social worker
# who picks it up: the Police Data Act (Wet politiegegevens), under which the police provide
# care reports to the chain partners of the programme (ADR 0090).
POLICE_REPORT_BASIS = "wpolg"


def _record_police_sharing(current: Signal, actor: Any) -> None:
    """A police incident passed on as a signal is shared with the organisation that picks it
    up: a sharing record names that relation and its ground (issue 17, legal basis)."""
    if current.incident_id is None or current.picked_up_organisation is None:
        return
    incident = current.incident
    assert incident is not None
    from_organisation = (
        _organisation_of(incident.created_by, current.programme)
        if incident.created_by is not None
        else None
    )
    record_sharing(
        actor,
        person=current.person,
        programme=current.programme,
        kind=SharingKind.SIGNAL_PASSED_ON,
        to_organisation=current.picked_up_organisation,
        from_organisation=from_organisation,
        legal_basis=Term.objects.get(vocabulary=Vocabulary.LEGAL_BASIS, code=POLICE_REPORT_BASIS),
        source=current,
    )


def _bump(current: Signal) -> None:
    """Save the signal's state and move its version on (one UPDATE for the version, so two
    writers never both think they saved the same version)."""
    current.save(
        update_fields=[
            "state", "picked_up_at", "picked_up_by", "picked_up_organisation",
            "first_contact_at", "first_contact_with", "closed_at", "result",
        ]
    )  # fmt: skip
    # The version check and the increment are one UPDATE: of two concurrent writes on the same
    # version exactly one matches, the other conflicts and its transaction rolls back.
    matched = Signal.objects.filter(pk=current.pk, version=current.version).update(
        version=F("version") + 1
    )
    if not matched:
        raise EditConflict(Signal.objects.get(pk=current.pk))
    current.version += 1


def _organisation_of(actor: Any, programme: Programme) -> Organisation | None:
    membership = acting_membership(actor, programme)
    return membership.organisation if membership else None


def _require_open(current: Signal) -> None:
    if not current.is_open:
        raise ValidationError(_("Dit signaal is afgesloten."))


def _event(
    signal: Signal, kind: SignalEventKind, actor: Any, why: str = "", /, **data: Any
) -> None:
    SignalEvent.objects.create(
        signal=signal,
        kind=kind,
        by=actor if getattr(actor, "is_authenticated", False) else None,
        reason=why,
        data=data,
    )


def _log(actor: Any, action: AccessEventAction, signal: Signal, purpose: str) -> None:
    record(
        actor,
        action,
        programme=signal.programme,
        obj=signal,
        person_key=signal.person.display_key if signal.person else "",
        purpose=purpose,
    )


__all__ = [
    "EditConflict",
    "SignalData",
    "add_signal_contact",
    "can",
    "close_signal",
    "pick_up",
    "register_signal",
    "signal_from_incident",
]
