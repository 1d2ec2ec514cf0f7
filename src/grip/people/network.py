"""The person's network (naasten) and the professionals involved ("network first").

Social data: who someone's sister is and whether she may be called is need-to-know. Each entry
belongs to the programme in which it was recorded and is read through its scoped queryset
(social data class), so a role that may not see social data in that programme never sees it.
Entries are never deleted: they end (``ended_at``), with who ended them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.access.policy import DataClass
from grip.access.scoping import ScopedQuerySet
from grip.network.models import Organisation, Programme


class EntryKind(models.TextChoices):
    NAASTE = "naaste", _("naaste (informeel netwerk)")
    PROFESSIONAL = "professional", _("betrokken professional of organisatie")


class Consent(models.TextChoices):
    YES = "yes", _("ja")
    NO = "no", _("nee")
    UNKNOWN = "unknown", _("onbekend")


class NetworkEntryQuerySet(ScopedQuerySet["NetworkEntry"]):
    programme_path = "programme"
    data_classes = (DataClass.SOCIAL,)
    person_key_path = "person__display_key"

    def current(self) -> NetworkEntryQuerySet:
        return self.filter(ended_at__isnull=True)


class NetworkEntry(models.Model):
    # The person's own record: it never keeps a person past retention and goes with them
    # (``grip.retention.persons.OWN_RECORDS``).
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="network_entries"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="+", verbose_name=_("programma")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=EntryKind.choices)
    relationship = models.CharField(
        _("rol of relatie"), max_length=100, help_text=_("Bijvoorbeeld: zus, buurman, huisarts.")
    )
    name = models.CharField(_("naam"), max_length=100, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisatie"),
    )  # fmt: skip
    reach = models.CharField(_("hoe bereikbaar"), max_length=200, blank=True)
    consent_to_contact = models.CharField(
        _("toestemming om contact op te nemen"), max_length=10, choices=Consent.choices,
        default=Consent.UNKNOWN,
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    objects = NetworkEntryQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "relationship", "id"]
        verbose_name = _("netwerkrelatie")
        verbose_name_plural = _("netwerk en betrokken professionals")

    def __str__(self) -> str:
        return f"{self.person_id} {self.relationship}"
