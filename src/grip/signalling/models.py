"""Signals (signalen, zorgmeldingen): the unit of work of the early-signalling programmes.

A signal is a concern about a person that reaches Vroegsignalering I28, the Wijk-GGD'ers or
Oost-Groningen, from the police or from anyone else (a GP, housing, a neighbour, a relative …).
A named worker picks it up, tries the network first, makes contact and closes it with a result.

States run one way: ``new`` → ``picked_up`` → ``closed``. The current state and its times are
kept on the signal for fast queues and figures (the exchange format carries them as columns);
every change is also an append-only ``SignalEvent`` with who, when and why, so the history is
never overwritten. The free-text ``notes`` and contact notes are social-domain data: the police,
who may pass a report on, see that it was picked up, never what the workers wrote.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.access.models import AppendOnlyError
from grip.access.policy import POLICE_SIGNAL_SOURCES, Action, DataClass, SignalRight
from grip.access.scoping import ScopedQuerySet
from grip.intake.models import Incident
from grip.network.models import Area, Municipality, Organisation, Programme
from grip.people.models import Person
from grip.vocab.models import Term, Vocabulary


class SignalState(models.TextChoices):
    NEW = "new", _("nog niet opgepakt")
    PICKED_UP = "picked_up", _("opgepakt")
    CLOSED = "closed", _("afgesloten")


class ContactWith(models.TextChoices):
    """With whom the first contact was: the network first, then the person (DOMAIN.md)."""

    NETWORK = "network", _("het netwerk (naasten, betrokken professionals)")
    PERSON = "person", _("de persoon zelf")


class SignalQuerySet(ScopedQuerySet["Signal"]):
    programme_path = "programme"
    # Break-the-glass opens a person's signals to roles that may see social data; who sees
    # which signal in their own programmes is ``SIGNAL_POLICY`` (``visible_to`` below).
    data_classes = (DataClass.SOCIAL,)
    person_key_path = "person__display_key"

    def visible_to(self, user: Any, action: Action = Action.VIEW) -> SignalQuerySet:
        """The signals of the programmes where the user's roles grant ``SignalRight.VIEW``;
        where that is only a police role, only the signals that came from the police (a police
        source, or made from an incident). Out of scope is not found."""
        from grip.signalling.rights import police_sources_only, programmes_with

        everything = programmes_with(user, SignalRight.VIEW)
        police_only = police_sources_only(user)
        condition = models.Q(programme__in=sorted(everything - police_only))
        if police_only:
            condition |= models.Q(programme__in=sorted(police_only)) & (
                models.Q(source__code__in=sorted(POLICE_SIGNAL_SOURCES))
                | models.Q(incident__isnull=False)
            )
        emergency = self.break_glass_q(user, action)
        if emergency is not None:
            condition |= emergency
        if not everything and emergency is None:
            return self.none()
        return self.filter(condition)

    def for_list(self) -> SignalQuerySet:
        return self.select_related(
            "programme", "source", "municipality", "area", "person", "picked_up_by", "result"
        )


class Signal(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="signals", verbose_name=_("programma")
    )
    source = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.SIGNAL_SOURCE},
        verbose_name=_("bron"),
    )
    number = models.CharField(
        _("kenmerk bij de bron"),
        max_length=40,
        help_text=_("Het eigen nummer of kenmerk van de melder, bijvoorbeeld het I28-nummer."),
    )
    received_at = models.DateTimeField(_("ontvangen op"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebied"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("betrokkene"),
    )
    concerns = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.SIGNAL_CONCERN},
        verbose_name=_("zorgen"),
    )
    notes = models.TextField(_("toelichting"), max_length=4000, blank=True)
    incident = models.ForeignKey(
        Incident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("politiemelding"),
        help_text=_("De politiemelding waaruit het signaal is gemaakt, als die er is."),
    )

    state = models.CharField(
        _("status"), max_length=10, choices=SignalState.choices, default=SignalState.NEW
    )
    picked_up_at = models.DateTimeField(_("opgepakt op"), null=True, blank=True)
    picked_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opgepakt door"),
    )
    picked_up_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisatie die het oppakte"),
    )
    first_contact_at = models.DateTimeField(_("eerste contact op"), null=True, blank=True)
    first_contact_with = models.CharField(
        _("eerste contact met"), max_length=10, choices=ContactWith.choices, blank=True
    )
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    result = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.SIGNAL_RESULT},
        verbose_name=_("resultaat"),
    )
    # Optimistic edits (ADR 0005): a form posted against an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    objects = SignalQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        constraints = [
            # The exchange format's key: importing the same row again updates, never duplicates.
            models.UniqueConstraint(
                fields=["programme", "source", "number"], name="signal_number_per_source"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="new") | models.Q(picked_up_at__isnull=True),
                name="signal_new_not_picked_up",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="closed")
                | (models.Q(closed_at__isnull=False) & models.Q(result__isnull=False)),
                name="signal_closed_has_result",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "state", "received_at"], name="signal_queue"),
            models.Index(fields=["programme", "received_at"], name="signal_prog_time"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.slug} {self.number}"

    @property
    def is_open(self) -> bool:
        return self.state != SignalState.CLOSED

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        area = self.area if self.area_id else None
        if area is not None and self.programme_id and area.programme_id != self.programme_id:
            errors["area"] = ValidationError(_("Dit gebied hoort niet bij het programma."))
        elif (
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


class SignalEventKind(models.TextChoices):
    REGISTERED = "registered", _("geregistreerd")
    CHANGED = "changed", _("gewijzigd")
    PICKED_UP = "picked_up", _("opgepakt")
    CONTACT = "contact", _("contact vastgelegd")
    CLOSED = "closed", _("afgesloten")
    REOPENED = "reopened", _("heropend")
    IMPORTED = "imported", _("bijgewerkt uit een bestand")


class SignalEvent(models.Model):
    """One change of a signal, never changed itself. ``data`` holds the before/after."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=SignalEventKind.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.CharField(_("waarom"), max_length=500, blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.signal_id} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Signal events are append-only.")
        super().save(*args, **kwargs)


class SignalContact(models.Model):
    """A contact made for a signal: with the network or the person. Social-domain data."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="contacts")
    at = models.DateTimeField(_("wanneer"))
    with_whom = models.CharField(_("met wie"), max_length=10, choices=ContactWith.choices)
    kind = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.CONTACT_KIND},
        verbose_name=_("soort contact"),
    )
    notes = models.CharField(_("kort verslag"), max_length=1000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="+"
    )
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacten")

    def __str__(self) -> str:
        return f"{self.signal_id} {self.at:%Y-%m-%d}"


class FactsheetParts(models.TextChoices):
    AUTOMATIC = "auto", _("wat het programma heeft (inzetten, signalen of beide)")
    RESPONSES = "responses", _("alleen inzetten")
    SIGNALS = "signals", _("alleen signalen")
    BOTH = "both", _("inzetten en signalen")


class SignallingSettings(models.Model):
    """Per programme, set by its coordinator on a screen: the pick-up term, where new work goes,
    which sources the screens offer and which parts the factsheet shows."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="signalling_settings"
    )
    pickup_working_days = models.PositiveSmallIntegerField(
        _("oppaktermijn (werkdagen)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    default_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("standaardorganisatie voor nieuw werk"),
    )
    sources = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.SIGNAL_SOURCE},
        verbose_name=_("bronnen op de schermen"),
        help_text=_("Leeg: alle bronnen. Het importbestand accepteert altijd elke bron."),
    )
    factsheet_parts = models.CharField(
        _("delen van de factsheet"),
        max_length=10,
        choices=FactsheetParts.choices,
        default=FactsheetParts.AUTOMATIC,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("instellingen vroegsignalering")
        verbose_name_plural = _("instellingen vroegsignalering")

    def __str__(self) -> str:
        return str(self.programme)
