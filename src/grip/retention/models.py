"""What the purge has already done: one marker row per anonymised situation or trajectory.

The markers make ``purge`` idempotent (a second run finds nothing left to do) and let anyone
tell an anonymised record from one that merely has empty fields. They hold no person data:
the record's id and the moment of the purge. Persons are not marked: an expired person is
deleted, and an anonymous token (see ``situations``) is simply a person with no programme,
no identity and no source keys.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.followup.models import Trajectory
from grip.intake.models import Incident


class PurgedSituation(models.Model):
    """An incident (with its response) whose retention ended: anonymised, figures kept."""

    incident = models.OneToOneField(
        Incident,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="retention_purge",
        verbose_name=_("melding"),
    )
    purged_at = models.DateTimeField(_("geanonimiseerd op"))

    class Meta:
        verbose_name = _("geanonimiseerde melding")
        verbose_name_plural = _("geanonimiseerde meldingen")

    def __str__(self) -> str:
        return f"{self.incident_id}"


class PurgedTrajectory(models.Model):
    """A trajectory whose retention ended: anonymised, its history and contacts deleted."""

    trajectory = models.OneToOneField(
        Trajectory,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="retention_purge",
        verbose_name=_("opvolgtraject"),
    )
    purged_at = models.DateTimeField(_("geanonimiseerd op"))

    class Meta:
        verbose_name = _("geanonimiseerd opvolgtraject")
        verbose_name_plural = _("geanonimiseerde opvolgtrajecten")

    def __str__(self) -> str:
        return f"{self.trajectory_id}"
