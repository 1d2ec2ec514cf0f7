"""A signal or incident as the sending partner sees it: the keys it sent and the state the
programme gave it, never what workers wrote (notes, contacts, who picked it up)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from grip.intake.models import Incident
from grip.signalling.models import Signal


def signals_for_output(queryset: QuerySet[Signal]) -> QuerySet[Signal]:
    return queryset.select_related(
        "programme", "source", "result", "municipality", "area"
    ).prefetch_related("concerns")


def signal_status(signal: Signal) -> dict[str, Any]:
    return {
        "id": signal.pk,
        "signal_number": signal.number,
        "source": signal.source.code,
        "programme": signal.programme.slug,
        "received_at": signal.received_at,
        "state": signal.state,
        "picked_up_at": signal.picked_up_at,
        "closed_at": signal.closed_at,
        "result": signal.result.code if signal.result else None,
    }


def signal_full(signal: Signal) -> dict[str, Any]:
    return {
        **signal_status(signal),
        "municipality": signal.municipality.cbs_code,
        "area": signal.area.slug if signal.area else None,
        "concerns": sorted(term.code for term in signal.concerns.all()),
    }


def incidents_for_output(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    return queryset.select_related(
        "programme", "kind", "municipality", "area", "response__outcome"
    ).prefetch_related("signals__result")


def incident_status(incident: Incident) -> dict[str, Any]:
    """New until a joint response or a signal takes it up; closed when the response has its
    outcome or the signal its result."""
    state, picked_up_at, closed_at, result = "new", None, None, None
    response = getattr(incident, "response", None)
    signals = list(incident.signals.all())
    if response is not None:
        state, picked_up_at = "picked_up", response.arrived_at or response.created_at
        if response.outcome_id is not None:
            state, closed_at = "closed", response.departed_at or response.created_at
            result = response.outcome.code
    elif signals:
        signal = signals[0]
        state, picked_up_at, closed_at = signal.state, signal.picked_up_at, signal.closed_at
        result = signal.result.code if signal.result else None
    return {
        "id": incident.pk,
        "incident_number": incident.number,
        "incident_code": incident.kind.code,
        "programme": incident.programme.slug,
        "reported_at": incident.reported_at,
        "state": state,
        "picked_up_at": picked_up_at,
        "closed_at": closed_at,
        "result": result,
    }


def incident_full(incident: Incident) -> dict[str, Any]:
    return {
        **incident_status(incident),
        "municipality": incident.municipality.cbs_code,
        "area": incident.area.slug if incident.area else None,
        "ave_level": incident.initial_ave_level,
    }
