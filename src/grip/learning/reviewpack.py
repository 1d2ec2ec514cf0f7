"""The case review pack: each case of a session as a pseudonymised timeline (ADR 0031).

What goes in is decided here, field by field, so a facilitator can prepare a session without
screen access to identities and without anything in the pack that names a person:

- the case is its pseudonymous key; no name, date of birth, BSN or address (no ``identity``
  data is read at all);
- dates, never clock times; no incident number (a police number leads straight back to the
  file), no municipality or neighbourhood;
- only coded data: incident code and AVE, risks, interventions, bottlenecks, safety and
  outcome, direction holders (organisations), contact kinds and what was done;
- no free text written in the case file: not the incident's description, the response's care
  notes, reasons given for AVE changes or hand-overs, contact results or closure texts. Such
  text is written for the case, not for a session, and may name people;
- the session's own turning points, written for the session and checked on entry.

Every source is read through the viewer's scoped querysets, as on the screens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from grip.followup.models import Contact, EventKind, Trajectory
from grip.followup.rights import can_see_work
from grip.intake.models import Incident
from grip.learning.models import ReflectionSession, SessionCase, TurningPoint
from grip.triage.models import Response


@dataclass
class PackItem:
    on: dt.date
    title: str
    details: list[str] = field(default_factory=list)


@dataclass
class PackCase:
    key: str
    position: int
    items: list[PackItem]
    turning_points: list[TurningPoint]


def review_pack_cases(
    viewer: Any, session: ReflectionSession, cases: list[SessionCase]
) -> list[PackCase]:
    programme_id = session.programme_id
    points: dict[int, list[TurningPoint]] = {}
    for point in TurningPoint.objects.filter(case__in=cases).prefetch_related("themes"):
        points.setdefault(point.case_id, []).append(point)
    packed = []
    for case in cases:
        items = _timeline(viewer, programme_id, case)
        items.sort(key=lambda item: item.on)
        packed.append(PackCase(case.key, case.position, items, points.get(case.pk, [])))
    return packed


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _timeline(viewer: Any, programme_id: int, case: SessionCase) -> list[PackItem]:
    """The person's incidents, responses, trajectories and contacts in the session's
    programme; without a known person, only the case's own response and trajectory."""
    items: list[PackItem] = []
    incidents = Incident.objects.visible_to(viewer).filter(programme=programme_id)
    responses = Response.objects.visible_to(viewer).filter(incident__programme=programme_id)
    trajectories = Trajectory.objects.visible_to(viewer).filter(programme=programme_id)
    if case.person_id:
        incidents = incidents.filter(person=case.person_id)
        responses = responses.filter(incident__person=case.person_id)
        trajectories = trajectories.filter(person=case.person_id)
    else:
        # Without a person the case is its own response and/or trajectory, nothing more.
        incidents = incidents.filter(response__pk__in=[case.response_id or 0])
        responses = responses.filter(pk__in=[case.response_id or 0])
        trajectories = trajectories.filter(pk__in=[case.trajectory_id or 0])
    for incident in incidents.select_related("kind"):
        ave = incident.initial_ave_level or "?"
        items.append(
            PackItem(
                _day(incident.reported_at),
                _("Melding %(code)s, AVE (eerste inschatting) %(ave)s")
                % {"code": incident.kind.code, "ave": ave},
            )
        )
    for response in responses.select_related(
        "incident", "outcome", "safety_person", "safety_surroundings"
    ).prefetch_related("risks", "interventions", "bottlenecks"):
        items.append(_response_item(response))
    trajectory_list = list(
        trajectories.select_related(
            "case_organisation", "process_organisation", "closure_reason"
        ).prefetch_related("events")
    )
    for trajectory in trajectory_list:
        items.extend(_trajectory_items(trajectory))
    visible_work = [t.pk for t in trajectory_list if can_see_work(viewer, t.programme_id)]
    for contact in (
        Contact.objects.filter(trajectory__in=visible_work)
        .select_related("kind", "partner", "by_organisation")
        .prefetch_related("activities")
    ):
        details = [str(contact.get_with_whom_display())]
        if contact.with_peer_expert:
            details.append(_("met ervaringsdeskundige"))
        if contact.by_organisation:
            details.append(contact.by_organisation.name)
        details += [term.display_label for term in contact.activities.all()]
        title = _("Contact: %(kind)s") % {"kind": contact.kind.display_label}
        items.append(PackItem(_day(contact.at), title, details))
    return items


def _response_item(response: Response) -> PackItem:
    details = []
    for label, terms in (
        (_("risico's"), response.risks.all()),
        (_("interventies"), response.interventions.all()),
        (_("knelpunten"), response.bottlenecks.all()),
    ):
        names = [term.display_label for term in terms]
        if names:
            details.append(f"{label}: {', '.join(names)}")
    for label, term in (
        (_("veiligheid persoon"), response.safety_person),
        (_("veiligheid omgeving"), response.safety_surroundings),
        (_("uitkomst"), response.outcome),
    ):
        details.append(f"{label}: {term.display_label if term else _('onbekend')}")
    title = _("Inzet: AVE %(arrival)s → %(leaving)s") % {
        "arrival": response.ave_on_arrival or "?",
        "leaving": response.ave_on_leaving or "?",
    }
    return PackItem(_day(response.arrived_at or response.incident.reported_at), title, details)


def _trajectory_items(trajectory: Trajectory) -> list[PackItem]:
    holders = [
        _("casusregie: %(name)s")
        % {"name": trajectory.case_organisation.name if trajectory.case_organisation else _("geen")}
    ]
    if trajectory.process_organisation:
        holders.append(_("procesregie: %(name)s") % {"name": trajectory.process_organisation.name})
    items = []
    for event in trajectory.events.all():
        if event.kind == EventKind.OPENED:
            items.append(PackItem(_day(event.at), _("Opvolging geopend"), holders))
        elif event.kind == EventKind.AVE_CHANGED:
            title = _("AVE %(before)s → %(after)s") % {
                "before": event.data.get("before") or "?",
                "after": event.data.get("after"),
            }
            items.append(PackItem(_day(event.at), title))
        elif event.kind in (
            EventKind.DIRECTION_SET,
            EventKind.HANDOVER_ACCEPTED,
            EventKind.HANDOVER_DECLINED,
            EventKind.REOPENED,
        ):
            items.append(PackItem(_day(event.at), str(event.get_kind_display())))
        elif event.kind == EventKind.CLOSED:
            reason = trajectory.closure_reason.display_label if trajectory.closure_reason else ""
            items.append(
                PackItem(_day(event.at), _("Opvolging afgesloten"), [reason] if reason else [])
            )
    return items
