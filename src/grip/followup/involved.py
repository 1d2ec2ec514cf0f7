"""Wie is er nog meer betrokken: for a person, the open work of every programme and
organisation, and how to reach its holder; never its content.

Across programmes on purpose (that is the question), so not through ``visible_to``: what is
shown is limited to the programme, the holding organisation, the named holder and the partner
directory's contact point. Who may look: whoever holds or steers open work of the person
(their organisation holds direction, they hold it by name, or they coordinate its programme).
Every look is an access-log row per programme shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.followup.models import Trajectory, TrajectoryStatus
from grip.followup.rights import is_coordinator, organisation_ids
from grip.network.models import Partner
from grip.people.models import Person


@dataclass(frozen=True)
class Involvement:
    programme: str
    organisation: str
    holder: str
    contact_point: str
    phone: str
    email: str
    hours: str
    own: bool  # the viewer's own work


def _holds_work(user: Any, open_work: list[Trajectory]) -> bool:
    mine = organisation_ids(user)
    return any(
        t.case_holder_id == user.pk
        or t.process_holder_id == user.pk
        or t.case_organisation_id in mine
        or t.process_organisation_id in mine
        or is_coordinator(user, t.programme_id)
        for t in open_work
    )


def involved_for(user: Any, person: Person) -> list[Involvement]:
    """Three queries; PermissionDenied for who holds no open work of the person."""
    open_work = list(
        Trajectory.objects.filter(person=person, status=TrajectoryStatus.OPEN)
        .select_related("programme", "case_organisation", "case_holder")
        .order_by("programme__name", "pk")
    )
    if not _holds_work(user, open_work):
        raise PermissionDenied
    pairs = Q()
    for t in open_work:
        if t.case_organisation_id:
            pairs |= Q(programme_id=t.programme_id, organisation_id=t.case_organisation_id)
    partners: dict[tuple[int, int | None], Partner] = (
        {(p.programme_id, p.organisation_id): p for p in Partner.objects.filter(pairs)}
        if pairs
        else {}
    )
    mine = organisation_ids(user)
    found = []
    for t in open_work:
        partner = partners.get((t.programme_id, t.case_organisation_id))
        holder = t.case_holder.get_full_name() or t.case_holder.username if t.case_holder else ""
        found.append(
            Involvement(
                programme=t.programme.name,
                organisation=t.case_organisation.name if t.case_organisation else "",
                holder=holder,
                contact_point=partner.contact_point if partner else "",
                phone=partner.phone if partner else "",
                email=partner.email if partner else "",
                hours=partner.hours if partner else "",
                own=t.case_organisation_id in mine or t.case_holder_id == user.pk,
            )
        )
    with transaction.atomic():
        for programme in {t.programme for t in open_work}:
            record(user, AccessEventAction.READ, programme=programme, obj=person,
                   person_key=person.display_key, purpose="followup:who-else")  # fmt: skip
    return found
