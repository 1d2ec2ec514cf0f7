"""A background job a user started from a screen, and what it reports back.

The task framework (django-tasks) keeps its own queue; this row is what the screen shows:
whose job it is, how far it got and its result. An upload's file is kept in ``payload`` until
the job has run (so a worker on another machine can read it) and then emptied: the file may
hold person data and is not kept after its import.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    IMPORT_SITUATIONS = "import_situations", _("situaties inlezen")
    IMPORT_SIGNALS = "import_signals", _("signalen inlezen")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("in de wachtrij")
    RUNNING = "running", _("bezig")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("soort"), max_length=40, choices=JobKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("door")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    file_name = models.CharField(_("bestand"), max_length=255, blank=True)
    options = models.JSONField(_("keuzes"), default=dict, blank=True)
    payload = models.BinaryField(_("invoer"), null=True, blank=True, editable=False)
    result = models.JSONField(_("resultaat"), null=True, blank=True)
    created_at = models.DateTimeField(_("gestart"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("achtergrondtaak")
        verbose_name_plural = _("achtergrondtaken")
        indexes = [models.Index(fields=["user", "-created_at"], name="ops_job_user_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
