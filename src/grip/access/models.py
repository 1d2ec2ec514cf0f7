"""The access log (NEN 7513): one row per access to person-related data, and break-the-glass.

Rows are written in the same transaction as the access by ``grip.access.log.record`` and are
never changed: the model and its queryset refuse updates and deletes, and on PostgreSQL a
trigger refuses them too (migration 0003), so not even raw SQL from the app can rewrite history.
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
    BREAK_GLASS = "breakglass", _("noodtoegang")


class AccessEventOutcome(models.TextChoices):
    ALLOWED = "allowed", _("toegestaan")
    REFUSED = "refused", _("geweigerd")


class AppendOnlyError(RuntimeError):
    pass


class AccessEventQuerySet(models.QuerySet["AccessEvent"]):
    """Bulk writes other than inserts are refused: the log is append-only."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The access log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The access log is append-only.")

    def _raw_delete(self, using: Any) -> int:
        raise AppendOnlyError("The access log is append-only.")


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
    # Who the user acted for, when not for themselves (a colleague's task, a delegated export).
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verantwoordelijke"),
    )
    break_glass = models.BooleanField(_("noodtoegang"), default=False)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        # An explicit index: a db_index CharField also gets a LIKE twin on PostgreSQL that no
        # query needs, and the log is the most written table.
        indexes = [
            models.Index(fields=["person_key"], name="accessevent_person_key"),
            # the privacy officer's review list reads only the break-the-glass rows
            models.Index(
                fields=["at"], name="accessevent_break_glass", condition=models.Q(break_glass=True)
            ),
        ]
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


class BreakGlass(models.Model):
    """Emergency access ("noodtoegang") of one user to one person, by display key, for a while.

    The key is stored as typed: the grant is made whether or not such a person exists (the
    answer is the same either way, so existence does not leak), and opens nothing when none
    does. A privacy officer reviews every grant afterwards.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person_key = models.CharField(_("betrokkene (sleutel)"), max_length=20)
    reason = models.TextField(_("reden"))
    organisation = models.CharField(_("organisatie"), max_length=150, blank=True)
    role = models.CharField(_("rol"), max_length=30, blank=True)
    started_at = models.DateTimeField(_("begonnen (UTC)"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt (UTC)"))
    reviewed_at = models.DateTimeField(_("beoordeeld (UTC)"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField(_("beoordeling"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["user", "expires_at"], name="breakglass_user_expires")]
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.user_id} {self.person_key}"
