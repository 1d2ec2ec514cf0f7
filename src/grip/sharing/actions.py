"""The one write of sharing records. Callers (follow-up's hand-over, casework's conferences,
signalling when it passes a signal on) call it inside their own transaction and access check:
recording the ground is part of the sharing act, not a separate right."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from grip.network.models import Organisation, Programme
from grip.people.models import Person
from grip.sharing.models import SharingKind, SharingRecord
from grip.vocab.models import Term, Vocabulary


def record_sharing(
    actor: Any,
    *,
    person: Person | None,
    programme: Programme,
    kind: SharingKind,
    to_organisation: Organisation,
    legal_basis: Term | None,
    from_organisation: Organisation | None = None,
    source: models.Model | None = None,
) -> SharingRecord:
    """Record that information about ``person`` went to ``to_organisation`` on ``legal_basis``.

    A missing or foreign ground is refused: a sharing relation without its basis is exactly
    what this record exists to prevent.
    """
    if legal_basis is None or legal_basis.vocabulary != Vocabulary.LEGAL_BASIS:
        raise ValidationError({"legal_basis": _("Kies de grondslag waarop u deelt.")})
    return SharingRecord.objects.create(
        person=person,
        programme=programme,
        kind=kind,
        from_organisation=from_organisation,
        to_organisation=to_organisation,
        legal_basis=legal_basis,
        source=f"{source._meta.label_lower}:{source.pk}" if source is not None else "",
        by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def legal_bases() -> models.QuerySet[Term]:
    """The grounds a user may choose for a new sharing relation."""
    return Term.objects.of(Vocabulary.LEGAL_BASIS).choosable()
