"""Trajectories (opvolging): extended attention after a response or an I28 report (PLUS 2).

For now only what the exchange format and the response form need: an *open* trajectory is
created when a response says follow-up is needed. Direction holders, AVE events, contacts and
closing come with the follow-up issue.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.access.policy import DataClass
from grip.access.scoping import ScopedQuerySet
from grip.network.models import Programme
from grip.people.models import Person
from grip.triage.models import Response


class TrajectoryStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("afgesloten")


class TrajectoryQuerySet(ScopedQuerySet["Trajectory"]):
    programme_path = "programme"
    data_classes = (DataClass.POLICE, DataClass.CARE, DataClass.SOCIAL)


class Trajectory(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="trajectories")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="trajectories"
    )
    response = models.OneToOneField(
        Response, on_delete=models.PROTECT, null=True, blank=True, related_name="trajectory"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TrajectoryStatus.choices, default=TrajectoryStatus.OPEN
    )
    opened_at = models.DateTimeField(_("geopend op"), auto_now_add=True)

    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("opvolgtraject")
        verbose_name_plural = _("opvolgtrajecten")

    def __str__(self) -> str:
        return f"{self.programme.slug} #{self.pk}"
