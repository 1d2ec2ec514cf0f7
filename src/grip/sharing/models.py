"""Sharing records: on what legal basis (grondslag) information about a person went from one
organisation to another.

Every sharing relation writes one: a hand-over of direction, a case conference, a signal
passed on, an organisation added to a case. It sits low in the layering (beside people) so
that signalling, follow-up and casework can all write it; it is append-only, like the access
log, because it answers a privacy officer's "on what basis did you share this?" afterwards.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.access.models import AppendOnlyError
from grip.access.policy import DataClass
from grip.access.scoping import ScopedQuerySet
from grip.network.models import Organisation, Programme
from grip.people.models import Person
from grip.vocab.models import Term, Vocabulary


class SharingKind(models.TextChoices):
    HANDOVER = "handover", _("overdracht van regie")
    CONFERENCE = "conference", _("casusoverleg")
    SIGNAL_PASSED_ON = "signal_passed_on", _("signaal doorgegeven")
    ORGANISATION_ADDED = "organisation_added", _("organisatie toegevoegd aan de casus")


class SharingRecordQuerySet(ScopedQuerySet["SharingRecord"]):
    programme_path = "programme"
    # Who shared with whom on what ground: no content. Whoever may see a case in the
    # programme may see on what basis it was shared.
    data_classes = (DataClass.POLICE, DataClass.CARE, DataClass.SOCIAL)
    person_key_path = "person__display_key"


class SharingRecord(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="sharing_records",
        verbose_name=_("betrokkene"),
    )  # fmt: skip
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="+", verbose_name=_("programma")
    )
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("van organisatie"),
    )  # fmt: skip
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("naar organisatie"),
    )  # fmt: skip
    kind = models.CharField(_("soort relatie"), max_length=20, choices=SharingKind.choices)
    legal_basis = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.LEGAL_BASIS}, verbose_name=_("grondslag"),
    )  # fmt: skip
    # What the relation was, as "app.model:pk" (a hand-over, a conference): for tracing only.
    source = models.CharField(_("bron"), max_length=60, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name=_("door"),
    )  # fmt: skip
    at = models.DateTimeField(_("wanneer"), auto_now_add=True, db_index=True)

    objects = SharingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("deelregistratie")
        verbose_name_plural = _("deelregistraties")

    def __str__(self) -> str:
        return f"{self.kind} {self.from_organisation_id}→{self.to_organisation_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Sharing records are append-only.")
        super().save(*args, **kwargs)
