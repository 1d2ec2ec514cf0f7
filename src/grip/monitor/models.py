"""The factsheet's editorial items: the coordinator's "Wist je dat …" per programme and period.

Figures are never stored (they are computed from the registrations every time); only the
text a coordinator writes for a factsheet is. Every add, change, move and removal is kept as
an append-only event with who and when, so a published factsheet's text can be traced.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.monitor.facts import CodeFact, ResponseFact, StaleFact
from grip.network.models import Programme

__all__ = ["CodeFact", "FactsheetNote", "FactsheetNoteEvent", "ResponseFact", "StaleFact"]


class FactsheetNote(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="+", verbose_name=_("programma")
    )
    date_from = models.DateField(_("van"))
    date_to = models.DateField(_("tot en met"))
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    text = models.TextField(_("tekst"), max_length=1500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    class Meta:
        ordering = ["programme", "date_from", "date_to", "position", "id"]
        verbose_name = _("wist-je-dat")
        verbose_name_plural = _("wist-je-datjes")
        indexes = [
            models.Index(fields=["programme", "date_from", "date_to"], name="note_period"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.date_from}..{self.date_to} #{self.position}"


class NoteEventKind(models.TextChoices):
    ADDED = "added", _("toegevoegd")
    CHANGED = "changed", _("gewijzigd")
    MOVED = "moved", _("verplaatst")
    REMOVED = "removed", _("verwijderd")


class FactsheetNoteEvent(models.Model):
    """One change to a note, never changed itself; survives the note's removal."""

    note = models.ForeignKey(
        FactsheetNote, on_delete=models.SET_NULL, null=True, related_name="events"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    date_from = models.DateField()
    date_to = models.DateField()
    kind = models.CharField(max_length=10, choices=NoteEventKind.choices)
    text = models.TextField(blank=True)  # the text after the change (before, for a removal)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("wijziging wist-je-dat")
        verbose_name_plural = _("wijzigingen wist-je-dat")

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("Note events are append-only.")
        super().save(*args, **kwargs)
