"""API clients and their short-lived access tokens.

A client acts through a *service user*: a user without a usable password whose memberships
(organisation, role, programmes) are the client's. The access policy therefore knows nothing
about clients: ``grants_for``, the scoped querysets and the actions treat a client's calls
exactly as a person's, and the access log names the service user and its organisation.
Secrets and tokens are stored only as SHA-256 digests: both are 256-bit random values, so a
slow password hash adds nothing (ADR 0130).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grip.network.models import Organisation, Programme, Role


class ApiClient(models.Model):
    name = models.CharField(_("naam"), max_length=100)
    client_id = models.CharField(_("client-id"), max_length=40, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="api_clients",
        verbose_name=_("organisatie"),
    )  # fmt: skip
    programmes = models.ManyToManyField(
        Programme, related_name="api_clients", verbose_name=_("programma's")
    )
    # The roles as text ("police_officer,triage_nurse"): the memberships of the service user
    # carry them; this is what the administrator chose, shown on the screen.
    roles = models.CharField(_("rollen"), max_length=200)
    purpose = models.CharField(
        _("doel"), max_length=150,
        help_text=_("Waarvoor de koppeling dient; staat bij elke aanroep in de toegangslog."),
    )  # fmt: skip
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client",
        editable=False,
    )  # fmt: skip
    secret_digest = models.CharField(max_length=64, editable=False)
    secret_set_at = models.DateTimeField(_("geheim gezet"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    # Four eyes (ADR 0043): a client acts with the rights of its roles, so another
    # administrator approves it before it gets a token.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, editable=False,
    )  # fmt: skip
    approved_at = models.DateTimeField(_("goedgekeurd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("API-client")
        verbose_name_plural = _("API-clients")

    def __str__(self) -> str:
        return f"{self.name} ({self.client_id})"

    @property
    def is_usable(self) -> bool:
        return self.approved_at is not None and self.revoked_at is None

    def role_list(self) -> list[Role]:
        return [Role(code) for code in self.roles.split(",") if code]


class ApiToken(models.Model):
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.client.client_id} tot {self.expires_at:%Y-%m-%d %H:%M}"


class WebhookEvent(models.TextChoices):
    PICKED_UP = "picked_up", _("opgepakt")
    CLOSED = "closed", _("afgesloten")
    HANDED_OVER = "handed_over", _("overgedragen aan een ander programma")


class WebhookSubscription(models.Model):
    """A client's wish to hear what happens to the reports it sent. The signing key signs
    every delivery (HMAC-SHA256); Grip must keep it to sign, so it is stored as given out,
    unlike the client secret, which only proves who calls."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("adres"), max_length=500)
    events = models.CharField(_("gebeurtenissen"), max_length=100)  # comma-separated codes
    signing_key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.client.client_id} → {self.url}"

    def event_list(self) -> list[str]:
        return [code for code in self.events.split(",") if code]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("wacht")
    DELIVERED = "delivered", _("afgeleverd")
    FAILED = "failed", _("opgegeven")


class WebhookDelivery(models.Model):
    """One event for one subscription: the delivery log, with every attempt's outcome.
    The payload holds keys and states only, never person content."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=20, choices=WebhookEvent.choices)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk} ({self.status})"
