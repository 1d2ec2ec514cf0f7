"""Incidents (meldingen): what the police or another source reported."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.access.policy import DataClass
from grip.access.scoping import ScopedQuerySet
from grip.network.models import Area, AveLevel, Municipality, Programme
from grip.people.models import Person
from grip.vocab.models import Term, Vocabulary


class IncidentQuerySet(ScopedQuerySet["Incident"]):
    programme_path = "programme"
    data_classes = (DataClass.POLICE,)
    person_key_path = "person__display_key"

    def for_list(self) -> IncidentQuerySet:
        return self.select_related("programme", "kind", "municipality", "area", "person")


class Incident(models.Model):
    # Several foreign keys below carry no index of their own: the composite and unique indexes
    # already start with them (programme, kind), or nothing looks incidents up by them
    # (municipality, area, created_by). Every index costs on each of the import's inserts.
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("programma"),
        db_index=False,
    )
    kind = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.INCIDENT_CODE},
        verbose_name=_("meldingscode"),
        db_index=False,
    )
    number = models.CharField(
        _("meldingsnummer"),
        max_length=40,
        help_text=_("Het nummer van de melding bij de bron (politie of andere melder)."),
    )
    reported_at = models.DateTimeField(_("gemeld op"), db_index=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente"),
        db_index=False,
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebied"),
        db_index=False,
    )
    initial_ave_level = models.PositiveSmallIntegerField(
        _("AVE-niveau (eerste inschatting)"),
        choices=AveLevel.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    description = models.TextField(_("korte omschrijving"), max_length=2000, blank=True)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("betrokkene"),
    )
    # A one-time key from the form: a double tap or a resent POST finds the incident it already
    # made instead of failing on the unique number.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="incident_number_per_code"),
            models.CheckConstraint(
                condition=models.Q(initial_ave_level__isnull=True)
                | models.Q(initial_ave_level__gte=1, initial_ave_level__lte=4),
                name="incident_ave_level_1_to_4",
            ),
        ]
        indexes = [models.Index(fields=["programme", "-reported_at"], name="incident_prog_time")]

    def __str__(self) -> str:
        return f"{self.kind.shown_code} {self.number}"

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        area = self.area if self.area_id else None
        if area is not None and self.programme_id and area.programme_id != self.programme_id:
            errors["area"] = ValidationError(_("Dit gebied hoort niet bij het programma."))
        if (
            area is not None
            and self.municipality_id
            and area.municipality_id != self.municipality_id
        ):
            errors["area"] = ValidationError(_("Dit gebied ligt niet in de gekozen gemeente."))
        if (
            self.municipality_id
            and self.programme_id
            and not self.programme.municipalities.filter(pk=self.municipality_id).exists()
        ):
            errors["municipality"] = ValidationError(
                _("Deze gemeente hoort niet bij het programma.")
            )
        if errors:
            raise ValidationError(errors)
