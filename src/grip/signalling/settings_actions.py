"""The one write of a programme's signalling settings, by its coordinator (not the admin).

Kept apart from ``actions.py`` (the signals themselves) because it writes no case data: one
transaction, the coordinator's right, an optimistic version (ADR 0005: a form opened before
someone else saved is refused, not silently applied) and an access-log row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import SignalRight
from grip.network.models import Organisation, Programme
from grip.signalling.models import FactsheetParts, SignallingSettings
from grip.signalling.rights import can
from grip.vocab.models import Term, Vocabulary


class SettingsConflict(Exception):
    """Someone saved the settings after the form was opened; ``current`` is what is saved."""

    def __init__(self, current: SignallingSettings) -> None:
        super().__init__("The settings changed since the form was opened.")
        self.current = current


def settings_of(programme: Programme) -> SignallingSettings:
    """The programme's settings, or unsaved defaults (version 1) when none were saved yet."""
    found = SignallingSettings.objects.filter(programme=programme).first()
    return found or SignallingSettings(programme=programme)


def partner_organisations(programme: Programme) -> Any:
    return Organisation.objects.filter(partner_set__programme=programme).order_by("name")


def save_settings(
    actor: Any,
    programme: Programme,
    *,
    pickup_working_days: int,
    default_organisation: Organisation | None,
    sources: Iterable[Term],
    factsheet_parts: str,
    version: int,
) -> SignallingSettings:
    """Save the settings made on ``version``; ``SettingsConflict`` when that is stale."""
    if not can(actor, SignalRight.STEER, programme.pk):
        raise PermissionDenied
    sources = list(sources)
    _check(programme, pickup_working_days, default_organisation, sources, factsheet_parts)
    with transaction.atomic():
        settings, _created = SignallingSettings.objects.get_or_create(programme=programme)
        before = _described(settings)
        updated = SignallingSettings.objects.filter(pk=settings.pk, version=version).update(
            pickup_working_days=pickup_working_days,
            default_organisation=default_organisation,
            factsheet_parts=factsheet_parts,
            version=F("version") + 1,
        )
        if not updated:
            raise SettingsConflict(SignallingSettings.objects.get(pk=settings.pk))
        settings.refresh_from_db()
        settings.sources.set(sources)
        after = _described(settings)
        record(
            actor,
            AccessEventAction.UPDATE,
            programme=programme,
            obj=settings,
            purpose="signalling:settings " + _changes(before, after),
        )
    return settings


def _check(
    programme: Programme,
    days: int,
    organisation: Organisation | None,
    sources: list[Term],
    parts: str,
) -> None:
    """The rules the form also enforces, repeated here so no other caller can break them."""
    if not 1 <= days <= 60:
        raise ValidationError("pickup_working_days out of range")
    if (
        organisation is not None
        and not partner_organisations(programme).filter(pk=organisation.pk).exists()
    ):
        raise ValidationError("default_organisation is not a partner of the programme")
    if any(term.vocabulary != Vocabulary.SIGNAL_SOURCE for term in sources):
        raise ValidationError("sources must be signal sources")
    if parts not in FactsheetParts.values:
        raise ValidationError("unknown factsheet_parts")


def _described(settings: SignallingSettings) -> dict[str, str]:
    codes = sorted(settings.sources.values_list("code", flat=True)) if settings.pk else []
    return {
        "term": str(settings.pickup_working_days),
        "org": str(settings.default_organisation_id or ""),
        "sources": ",".join(codes) or "all",
        "parts": settings.factsheet_parts,
    }


def _changes(before: dict[str, str], after: dict[str, str]) -> str:
    """Which settings changed, as codes (no person data): ``term 5→3; parts auto→both``."""
    changed = [f"{key} {before[key]}→{after[key]}" for key in after if before[key] != after[key]]
    return "; ".join(changed) or "unchanged"
