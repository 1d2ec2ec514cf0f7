"""Responses (inzet / situatie): the joint police + care response to an incident (PLUS 1).

One response per incident. Structured fields are visible to every role that sees police or
care data of the programme; the free-text ``notes`` are care data (police never see them).
Edits are optimistic: ``version`` goes up by one per save and a form posted against an older
version is refused. Every change leaves a ``ResponseRevision`` row (append-only).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.access.models import AppendOnlyError
from grip.access.policy import DataClass
from grip.access.scoping import ScopedQuerySet
from grip.intake.models import Incident
from grip.network.models import AveLevel, Organisation
from grip.vocab.models import Term, Vocabulary


class ResponseQuerySet(ScopedQuerySet["Response"]):
    programme_path = "incident__programme"
    data_classes = (DataClass.POLICE, DataClass.CARE)
    person_key_path = "incident__person__display_key"

    def for_list(self) -> ResponseQuerySet:
        return self.select_related(
            "incident__programme",
            "incident__kind",
            "incident__municipality",
            "incident__area",
            "incident__person",
            "outcome",
            "safety_person",
            "safety_surroundings",
        )


def _ave_field(label: Any) -> models.PositiveSmallIntegerField[Any, Any]:
    return models.PositiveSmallIntegerField(
        label,
        choices=AveLevel.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )


def _term_field(vocabulary: Vocabulary, label: Any) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": vocabulary},
        verbose_name=label,
        db_index=False,  # figures group by it over a programme's rows; no lookups by term
    )


def _terms_field(
    vocabulary: Vocabulary, label: Any, related_name: str
) -> models.ManyToManyField[Any, Any]:
    return models.ManyToManyField(
        Term,
        blank=True,
        related_name=related_name,
        limit_choices_to={"vocabulary": vocabulary},
        verbose_name=label,
    )


class Response(models.Model):
    incident = models.OneToOneField(
        Incident, on_delete=models.PROTECT, related_name="response", verbose_name=_("melding")
    )
    care_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zorgprofessional ter plaatse"),
        db_index=False,
    )
    organisations_on_site = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("organisaties ter plaatse")
    )
    police_officers = models.PositiveSmallIntegerField(
        _("aantal agenten ter plaatse"), null=True, blank=True
    )
    arrived_at = models.DateTimeField(_("aankomst zorg"), null=True, blank=True)
    departed_at = models.DateTimeField(_("vertrek zorg"), null=True, blank=True)
    police_departed_at = models.DateTimeField(
        _("vertrek politie"),
        null=True,
        blank=True,
        help_text=_("Alleen als de politie eerder vertrok: wit neemt over van blauw."),
    )
    ave_on_arrival = _ave_field(_("AVE bij aankomst"))
    ave_on_leaving = _ave_field(_("AVE bij vertrek"))
    risks = _terms_field(Vocabulary.RISK, _("aangetroffen risico's"), "+")
    interventions = _terms_field(Vocabulary.INTERVENTION, _("interventies"), "+")
    bottlenecks = _terms_field(Vocabulary.BOTTLENECK, _("knelpunten"), "+")
    safety_person = _term_field(Vocabulary.SAFETY, _("veiligheid persoon bij vertrek"))
    safety_surroundings = _term_field(Vocabulary.SAFETY, _("veiligheid omgeving bij vertrek"))
    outcome = _term_field(Vocabulary.OUTCOME, _("uitkomst"))
    follow_up_needed = models.BooleanField(_("opvolging nodig"), null=True, blank=True)
    notes = models.TextField(_("notities (zorg)"), blank=True, max_length=4000)

    version = models.PositiveIntegerField(default=1, editable=False)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-incident__reported_at", "-id"]
        verbose_name = _("inzet")
        verbose_name_plural = _("inzetten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ave_on_arrival__isnull=True)
                | models.Q(ave_on_arrival__gte=1, ave_on_arrival__lte=4),
                name="response_ave_arrival_1_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(ave_on_leaving__isnull=True)
                | models.Q(ave_on_leaving__gte=1, ave_on_leaving__lte=4),
                name="response_ave_leaving_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incident}"

    @property
    def on_site_minutes(self) -> int | None:
        """departed_at − arrived_at, in whole minutes (DOMAIN.md ``on_site_minutes``)."""
        if self.arrived_at is None or self.departed_at is None:
            return None
        return int((self.departed_at - self.arrived_at).total_seconds() // 60)

    @property
    def police_minutes(self) -> int | None:
        """officers × (police_departed_at, else departed_at, − arrived_at), in minutes."""
        police_left = self.police_departed_at or self.departed_at
        if self.police_officers is None or self.arrived_at is None or police_left is None:
            return None
        return self.police_officers * int((police_left - self.arrived_at).total_seconds() // 60)


class ResponseRevision(models.Model):
    """One saved state change of a response: who, when, and which fields went from what to what."""

    # The unique (response, version) index serves lookups by response; no separate one.
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="revisions", db_index=False
    )
    version = models.PositiveIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=30, default="form")  # form · import
    changes = models.JSONField(default=dict)  # field -> [old, new], as display text

    class Meta:
        ordering = ["response", "version"]
        constraints = [
            models.UniqueConstraint(fields=["response", "version"], name="revision_once")
        ]

    def __str__(self) -> str:
        return f"{self.response_id} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Response history is append-only.")
        super().save(*args, **kwargs)
