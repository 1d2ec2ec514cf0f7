"""One person's timeline: every incident, response, trajectory (with its direction and AVE
events) and contact the viewer may see, in time order, and the AVE level over time.

It lives in the follow-up app because it gathers from every case app (intake, triage,
follow-up); the lower apps never import it. Each source is read through its own scoped
queryset, so a viewer sees exactly what they would see on that record's own page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import pygal
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.followup.models import Contact, EventKind, Trajectory
from grip.followup.rights import can_see_work
from grip.followup.texts import TextGate
from grip.intake.models import Incident
from grip.people.models import Person
from grip.svgimage import data_url
from grip.triage.models import Response
from grip.triage.queries import can_see_notes

INLINE_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


@dataclass
class Item:
    at: dt.datetime
    kind: str  # incident · response · trajectory · event · contact
    title: str
    ave: int | None = None
    link: str = ""
    details: list[str] = field(default_factory=list)


def timeline_for(viewer: Any, person: Person) -> list[Item]:
    items: list[Item] = []
    incidents = (
        Incident.objects.visible_to(viewer)
        .filter(person=person)
        .select_related("kind", "programme", "municipality", "area")
    )
    for incident in incidents:
        place = incident.area.name if incident.area else incident.municipality.name
        items.append(
            Item(
                incident.reported_at,
                "incident",
                f"{_('Melding')} {incident.kind.shown_code} · {place} · {incident.programme.name}",
                incident.initial_ave_level,
                f"/meldingen/{incident.pk}/",
            )
        )
    responses = (
        Response.objects.visible_to(viewer)
        .filter(incident__person=person)
        .select_related("incident", "outcome", "safety_person")
        .prefetch_related("risks", "interventions")
    )
    for response in responses:
        details = [t.display_label for t in response.risks.all()]
        details += [t.display_label for t in response.interventions.all()]
        if response.outcome:
            details.append(f"{_('uitkomst')}: {response.outcome.display_label}")
        if response.notes and can_see_notes(viewer, response):
            details.append(response.notes)
        items.append(
            Item(
                response.arrived_at or response.incident.reported_at,
                "response",
                _("Inzet: AVE %(arrival)s → %(leaving)s")
                % {
                    "arrival": response.ave_on_arrival or "?",
                    "leaving": response.ave_on_leaving or "?",
                },
                response.ave_on_leaving or response.ave_on_arrival,
                f"/triage/{response.pk}/",
                details,
            )
        )
    trajectories = list(
        Trajectory.objects.visible_to(viewer)
        .filter(person=person)
        .select_related("programme", "case_organisation", "process_organisation")
        .prefetch_related("events")
    )
    work_in = [t.pk for t in trajectories if can_see_work(viewer, t.programme_id)]
    contacts = list(
        Contact.objects.filter(trajectory__in=work_in).select_related(
            "kind", "partner", "trajectory"
        )
    )
    # Free text is social or care data, shown through the policy (grip.followup.texts).
    gate = TextGate(
        viewer,
        {t.programme_id for t in trajectories},
        [e.by_id for t in trajectories for e in t.events.all()] + [c.by_id for c in contacts],
    )
    for trajectory in trajectories:
        _trajectory_items(trajectory, items, gate)
    for contact in contacts:
        result = gate.text(contact.result, contact.trajectory.programme_id, contact.by_id)
        items.append(
            Item(
                contact.at,
                "contact",
                f"{_('Contact')}: {contact.kind.display_label} · {contact.get_with_whom_display()}",
                link=f"/opvolging/{contact.trajectory_id}/#contact",
                details=[result] if result else [],
            )
        )
    items.sort(key=lambda item: item.at, reverse=True)
    return items


def _trajectory_items(trajectory: Trajectory, items: list[Item], gate: TextGate) -> None:
    holder = trajectory.case_organisation.name if trajectory.case_organisation else _("geen")
    details = [f"{_('casusregie')}: {holder}"]
    if trajectory.process_organisation:
        details.append(f"{_('procesregie')}: {trajectory.process_organisation.name}")
    link = f"/opvolging/{trajectory.pk}/"
    for event in trajectory.events.all():
        if event.kind == EventKind.OPENED:
            items.append(
                Item(
                    event.at,
                    "trajectory",
                    _("Opvolging geopend"),
                    event.data.get("ave_level"),
                    link,
                    details,
                )
            )
        elif event.kind == EventKind.AVE_CHANGED:
            change = {"before": event.data.get("before") or "?", "after": event.data.get("after")}
            why = gate.text(event.reason, trajectory.programme_id, event.by_id)
            title = (
                _("AVE %(before)s → %(after)s: %(why)s") % {**change, "why": why}
                if why
                else _("AVE %(before)s → %(after)s") % change
            )
            items.append(Item(event.at, "event", title, event.data.get("after"), link))
        elif event.kind in (EventKind.CLOSED, EventKind.REOPENED, EventKind.HANDOVER_ACCEPTED):
            items.append(Item(event.at, "event", str(event.get_kind_display()), link=link))


def ave_chart(items: list[Item]) -> str:
    """The AVE level over time as the ``data:`` URL of an SVG image (pygal), or "" without any
    AVE point. An image, not inline SVG: see ``grip.svgimage``."""
    # pygal works with naive datetimes: give it local wall-clock times.
    points = sorted(
        (timezone.localtime(item.at).replace(tzinfo=None), item.ave) for item in items if item.ave
    )
    if not points:
        return ""
    chart = pygal.DateTimeLine(
        height=220,
        width=720,
        show_legend=False,
        range=(1, 4),
        min_scale=3,
        max_scale=3,
        y_labels=[1, 2, 3, 4],
        x_label_rotation=0,
        x_value_formatter=lambda moment: moment.strftime("%d-%m-%Y"),
        js=[],  # no scripts fetched from the internet: the chart is plain SVG
        disable_xml_declaration=True,
        explicit_size=True,
        style=pygal.style.CleanStyle,
    )
    chart.title = _("AVE-niveau in de tijd")
    chart.add("AVE", [(moment, level) for moment, level in points])
    # pygal embeds its configuration as a script for its tooltips; an image runs no script,
    # and the chart is smaller without it.
    return data_url(INLINE_SCRIPT.sub("", str(chart.render(is_unicode=True))))
