"""The access log (NEN 7513): one row per access to person-related data, and break-the-glass.

Rows are written in the same transaction as the access by ``grip.access.log.record`` and are
never changed: the model and its queryset refuse updates and deletes, and a trigger refuses them
too (PostgreSQL: migration 0004; SQLite and the persons shown: migration 0005), so not even raw
SQL from the app can rewrite history. Against those who can pass the triggers (the database's
owner), every row carries a keyed hash chained to the one before it (``grip.access.chain``,
ADR 0053): ``manage.py verify_access_log`` finds any row altered, removed or moved.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
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
    # A security event (failed login, lock-out, wrong code …): ``grip.access.security``.
    SECURITY = "security", _("beveiliging")


class AccessEventOutcome(models.TextChoices):
    ALLOWED = "allowed", _("toegestaan")
    REFUSED = "refused", _("geweigerd")


class AppendOnlyError(RuntimeError):
    pass


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Bulk writes other than inserts are refused: the log is append-only (``bulk_update`` and
    ``update_or_create`` end in ``update`` and are refused with it)."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The access log is append-only.")

    def _update(self, values: Any) -> int:
        raise AppendOnlyError("The access log is append-only.")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AppendOnlyError("The access log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The access log is append-only.")

    def _raw_delete(self, using: Any) -> int:
        raise AppendOnlyError("The access log is append-only.")


class AppendOnlyModel(models.Model):
    """A row is written once: ``save`` of a stored row, the lower ``save_base`` update path
    (``_do_update``, which fixtures and ``save(force_update=True)`` reach) and ``delete`` are
    refused."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def _do_update(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("The access log is append-only.")

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The access log is append-only.")


class AccessEventQuerySet(AppendOnlyQuerySet):
    """Inserts too go through the chain: ``bulk_create`` writes the next links."""

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        from grip.access import chain  # the chain module builds on this one

        return chain.append(list(objs))


class AccessEvent(AppendOnlyModel):
    # Set by the chain writer once it holds the chain (``grip.access.chain``), so that times
    # follow the chain's order; the default serves rows built elsewhere.
    at = models.DateTimeField(_("tijdstip (UTC)"), default=timezone.now, db_index=True)
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
    # The chain (ADR 0053): the row's place, and HMAC(key, previous hash + the row's values and
    # the persons it showed). Written once by ``grip.access.chain``; NULL only on rows put in
    # past the chain, which ``verify_access_log`` reports.
    chain_seq = models.BigIntegerField(_("plaats in de keten"), null=True, unique=True)
    chain_hash = models.CharField(_("ketenhash"), max_length=64, blank=True)

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
        """A new row is the next link of the chain (``create`` comes here too)."""
        if self.pk is not None:
            raise AppendOnlyError("The access log is append-only.")
        from grip.access import chain

        chain.append([self])


class AccessEventPerson(AppendOnlyModel):
    """A person an access showed without being its subject: each person on a list page or in
    an export (finding 7 of the second review). Written with the event, in bulk; the event's
    chain hash covers them. ``event_id`` is a plain column, not a foreign key: the purge
    deletes these with their events (``grip.retention.logs``)."""

    event_id = models.BigIntegerField(_("toegangsregel"))
    person_key = models.CharField(_("betrokkene (sleutel)"), max_length=20)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["person_key"], name="accesseventperson_key"),
            models.Index(fields=["event_id"], name="accesseventperson_event"),
        ]
        verbose_name = _("getoonde betrokkene")
        verbose_name_plural = _("getoonde betrokkenen")

    def __str__(self) -> str:
        return f"{self.event_id} {self.person_key}"


class AccessLogTombstone(AppendOnlyModel):
    """What one purge removed from the chain, signed with the audit key (ADR 0053): the places
    removed, as ranges with the hash of each range's last row, to which the first row after the
    range links; so the chain stays verifiable without the rows."""

    purged_at = models.DateTimeField(_("verwijderd op"))
    cutoff = models.DateTimeField(_("bewaartermijn verstreken vóór"))
    first_seq = models.BigIntegerField(_("eerste plaats"))
    last_seq = models.BigIntegerField(_("laatste plaats"), unique=True)
    last_hash = models.CharField(_("hash van de laatste regel"), max_length=64)
    # [[first place, last place, hash of the last], …], ascending
    ranges = models.JSONField(_("verwijderde plaatsen"))
    rows = models.PositiveIntegerField(_("regels"))
    persons = models.PositiveIntegerField(_("getoonde betrokkenen"))
    signature = models.CharField(_("handtekening"), max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["last_seq"]
        verbose_name = _("verwijderd deel van het toegangslog")
        verbose_name_plural = _("verwijderde delen van het toegangslog")

    def __str__(self) -> str:
        return f"{self.first_seq}..{self.last_seq}"


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
