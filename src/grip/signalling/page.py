"""What the signal page shows, read in a fixed number of queries whatever the history.

Follow-up (trajectories and their contacts) sits above signalling: it is reached through the
reverse relations (``person.trajectories``, ``signal.trajectories``), never imported, and
always through its scoped ``visible_to``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from grip.access.policy import SignalRight
from grip.signalling import terms
from grip.signalling.forms import PickUpForm
from grip.signalling.models import ContactWith, Signal, SignalState
from grip.signalling.queries import pickup_working_days
from grip.signalling.rights import can, sees_notes

# Contacts of follow-up (``grip.followup.models.WithWhom``) that were with the network or a
# professional partner rather than with the person.
NETWORK_CONTACTS = ("network", "partner")
OPEN = "open"  # ``TrajectoryStatus.OPEN``
LIMIT = 10


@dataclass
class KnownNetwork:
    """The person's network and the professionals involved, as far as Grip knows them."""

    trajectories: list[Any] = field(default_factory=list)
    trajectory_contacts: list[Any] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    signal_contacts: list[Any] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.trajectories or self.trajectory_contacts or self.signals or self.signal_contacts
        )


def signal_page_context(user: Any, signal: Signal) -> dict[str, Any]:
    days = pickup_working_days(signal.programme_id)
    notes = sees_notes(user, signal.programme_id)
    new = signal.state == SignalState.NEW
    days_left = (
        terms.working_days_left(signal.received_at, days, timezone.localdate()) if new else None
    )
    return {
        "signal": signal,
        "concerns": list(signal.concerns.all()),
        "pickup_days": days,
        "due_on": terms.due_on(signal.received_at, days),
        "days_left": days_left,
        "days_late": -days_left if days_left is not None and days_left < 0 else 0,
        "picked_up_in_time": (
            terms.in_time(signal.received_at, signal.picked_up_at, days)
            if signal.picked_up_at
            else None
        ),
        "events": list(signal.events.select_related("by")),
        "contacts": (
            list(signal.contacts.select_related("kind", "by", "by_organisation")) if notes else []
        ),
        "trajectories": list(signal.trajectories.visible_to(user).select_related("programme")),
        "sees_notes": notes,
        "can_work": signal.is_open and can(user, SignalRight.WORK, signal.programme_id),
        "network": known_network(user, signal) if notes and signal.person_id else None,
        "pick_up_form": PickUpForm(initial={"version": signal.version}),
        "network_first": ContactWith.NETWORK,
    }


def known_network(user: Any, signal: Signal) -> KnownNetwork:
    """The person's open trajectories (their holders), the contacts with the network or
    partners made in them, and the person's other signals with their workers and network
    contacts: only what the user may see (scoped querysets), never notes of other files."""
    person = signal.person
    assert person is not None
    trajectories = list(
        person.trajectories.visible_to(user)
        .filter(status=OPEN)
        .select_related(
            "programme", "case_organisation", "case_holder", "process_organisation",
            "process_holder",
        )
        .prefetch_related("contacts__kind", "contacts__partner", "contacts__by_organisation")
        .order_by("-opened_at")[:LIMIT]
    )  # fmt: skip
    trajectory_contacts = sorted(
        (
            contact
            for trajectory in trajectories
            for contact in trajectory.contacts.all()
            if contact.with_whom in NETWORK_CONTACTS
        ),
        key=lambda contact: contact.at,
        reverse=True,
    )[:LIMIT]
    others = list(
        person.signals.visible_to(user)
        .exclude(pk=signal.pk)
        .filter(picked_up_by__isnull=False)
        .select_related("programme", "picked_up_by", "picked_up_organisation")
        .prefetch_related("contacts__kind", "contacts__by_organisation")
        .order_by("-received_at")[:LIMIT]
    )
    signal_contacts = sorted(
        (
            contact
            for other in others
            if sees_notes(user, other.programme_id)
            for contact in other.contacts.all()
            if contact.with_whom == ContactWith.NETWORK
        ),
        key=lambda contact: contact.at,
        reverse=True,
    )[:LIMIT]
    return KnownNetwork(trajectories, trajectory_contacts, others, signal_contacts)
