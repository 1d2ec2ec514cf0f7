"""The access log: one row per access to person-related data (the seed of NEN 7513).

Rows are written in the same transaction as the access by ``grip.access.log.record`` and are
never changed: the model refuses updates and deletes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessEventAction(models.TextChoices):
    CREATE = "create", _("vastleggen")
    READ = "read", _("inzien")
    UPDATE = "update", _("wijzigen")
    DELETE = "delete", _("verwijderen")
    SEARCH = "search", _("zoeken")
    EXPORT = "export", _("exporteren")
    PRINT = "print", _("afdrukken")
    REVEAL = "reveal", _("identiteit tonen")


class AccessEventOutcome(models.TextChoices):
    ALLOWED = "allowed", _("toegestaan")
    REFUSED = "refused", _("geweigerd")


class AppendOnlyError(RuntimeError):
    pass


class AccessEvent(models.Model):
    at = models.DateTimeField(_("tijdstip (UTC)"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    organisation = models.CharField(_("organisatie"), max_length=150, blank=True)
    role = models.CharField(_("rol"), max_length=30, blank=True)
    action = models.CharField(_("handeling"), max_length=10, choices=AccessEventAction.choices)
    programme = models.CharField(_("programma"), max_length=60, blank=True)
    object_type = models.CharField(_("soort gegeven"), max_length=60, blank=True)
    object_id = models.CharField(_("gegeven"), max_length=40, blank=True)
    person_key = models.CharField(_("betrokkene (sleutel)"), max_length=20, blank=True)
    purpose = models.CharField(_("doel of context"), max_length=200, blank=True)
    outcome = models.CharField(
        _("uitkomst"),
        max_length=10,
        choices=AccessEventOutcome.choices,
        default=AccessEventOutcome.ALLOWED,
    )

    class Meta:
        ordering = ["-at", "-id"]
        # An explicit index: a db_index CharField also gets a LIKE twin on PostgreSQL that no
        # query needs, and the log is the most written table.
        indexes = [models.Index(fields=["person_key"], name="accessevent_person_key")]
        verbose_name = _("toegangsregel")
        verbose_name_plural = _("toegangslog")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The access log is append-only.")
