"""Trajectories (opvolging): extended attention after a response or an I28 report (PLUS 2).

A trajectory always has a visible owner: the *casusregie* holder (organisation + person)
while it is open, and from the programme's threshold (default AVE 3) a *procesregie* holder
too. The current holders and AVE level are kept on the trajectory for fast worklists; every
change to them is also an append-only ``TrajectoryEvent`` with who, when and why, so the
history is never overwritten. A hand-over is pending until the receiving organisation
accepts it; until then the giver keeps direction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.access.grants import grants_for
from grip.access.models import AppendOnlyError
from grip.access.policy import PROGRAMME_WIDE_CASE_ROLES, Action, DataClass
from grip.access.scoping import ScopedQuerySet
from grip.followup.rights import organisation_ids
from grip.intake.models import Incident
from grip.network.models import AveLevel, Organisation, Programme
from grip.people.models import Person
from grip.signalling.models import Signal
from grip.triage.models import Response
from grip.vocab.models import Term, Vocabulary


class TrajectoryStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("afgesloten")


class DirectionKind(models.TextChoices):
    CASE = "case", _("casusregie")
    PROCESS = "process", _("procesregie")


class TrajectoryQuerySet(ScopedQuerySet["Trajectory"]):
    programme_path = "programme"
    data_classes = (DataClass.POLICE, DataClass.CARE, DataClass.SOCIAL)
    person_key_path = "person__display_key"

    def visible_to(self, user: Any, action: Action = Action.VIEW) -> TrajectoryQuerySet:
        """Programme first; then, outside the programme-wide roles, only the trajectories the
        user's organisation holds or takes part in (direction, a pending hand-over to it, a
        contact by it, a signal on it that it picked up), the ones the user holds direction in
        by name, owns a task in, or brought in themselves (opened it, or joined signals to it):
        whoever opens or holds work always sees it."""
        scoped = super().visible_to(user, action)
        grants = grants_for(user)
        wide = [
            programme_id
            for programme_id in grants.programme_ids
            if grants.roles_in(programme_id) & PROGRAMME_WIDE_CASE_ROLES
        ]
        organisations = sorted(organisation_ids(user))
        taking_part = models.Q(
            pk__in=Trajectory.objects.filter(
                models.Q(case_organisation__in=organisations)
                | models.Q(process_organisation__in=organisations)
                | models.Q(
                    handovers__to_organisation__in=organisations, handovers__status="pending"
                )
                | models.Q(contacts__by_organisation__in=organisations)
                | models.Q(signals__picked_up_organisation__in=organisations)
                | models.Q(case_holder_id=user.pk)
                | models.Q(process_holder_id=user.pk)
                | models.Q(tasks__owner_id=user.pk)
                | models.Q(events__kind__in=BRINGING_IN, events__by_id=user.pk)
            ).values("pk")
        )
        condition = models.Q(programme__in=sorted(wide)) | taking_part
        emergency = self.break_glass_q(user, action)  # a break-the-glass person's files too
        if emergency is not None:
            condition |= emergency
        return scoped.filter(condition)

    def for_list(self) -> TrajectoryQuerySet:
        return self.select_related(
            "programme",
            "person",
            "case_organisation",
            "case_holder",
            "process_organisation",
            "process_holder",
        )


class Trajectory(models.Model):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="trajectories",
        verbose_name=_("programma"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("betrokkene"),
    )
    response = models.OneToOneField(
        Response, on_delete=models.PROTECT, null=True, blank=True, related_name="trajectory"
    )
    incident = models.ForeignKey(
        Incident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectories",
        help_text=_("De melding waarmee het traject begon (ook een I28-zorgmelding)."),
    )
    # Early signalling: the signals closed with result "trajectory" that opened or joined it.
    signals = models.ManyToManyField(
        Signal, blank=True, related_name="trajectories", verbose_name=_("signalen")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TrajectoryStatus.choices, default=TrajectoryStatus.OPEN
    )
    ave_level = models.PositiveSmallIntegerField(
        _("AVE-niveau"),
        choices=AveLevel.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    case_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("casusregie (organisatie)"),
    )  # fmt: skip
    case_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("casusregie (persoon)"),
    )  # fmt: skip
    process_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("procesregie (organisatie)"),
    )  # fmt: skip
    process_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("procesregie (persoon)"),
    )  # fmt: skip
    opened_at = models.DateTimeField(_("geopend op"), auto_now_add=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closure_reason = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.CLOSURE_REASON},
        verbose_name=_("reden van afsluiten"),
    )  # fmt: skip
    closure_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("overgedragen aan"),
    )  # fmt: skip
    closure_text = models.CharField(_("toelichting"), max_length=500, blank=True)
    first_care_contact_at = models.DateTimeField(
        _("eerste zorgcontact"), null=True, blank=True, editable=False
    )

    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("opvolgtraject")
        verbose_name_plural = _("opvolgtrajecten")
        indexes = [models.Index(fields=["programme", "status"], name="trajectory_prog_status")]

    def __str__(self) -> str:
        return f"{self.programme.slug} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == TrajectoryStatus.OPEN


class EventKind(models.TextChoices):
    OPENED = "opened", _("geopend")
    AVE_CHANGED = "ave_changed", _("AVE gewijzigd")
    DIRECTION_SET = "direction_set", _("regie toegewezen")
    HANDOVER_REQUESTED = "handover_requested", _("overdracht gevraagd")
    HANDOVER_ACCEPTED = "handover_accepted", _("overdracht geaccepteerd")
    HANDOVER_DECLINED = "handover_declined", _("overdracht afgewezen")
    CLOSED = "closed", _("afgesloten")
    REOPENED = "reopened", _("heropend")
    SIGNALS_ADDED = "signals_added", _("signaal toegevoegd")


# The events whose author brought the work in: they keep sight of it (``visible_to``, Mijn
# werk), whoever holds direction later.
BRINGING_IN = ("opened", "signals_added")


class TrajectoryEvent(models.Model):
    """One change of a trajectory, never changed itself. ``data`` holds the before/after."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.CharField(_("waarom"), max_length=500, blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.trajectory_id} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Trajectory events are append-only.")
        super().save(*args, **kwargs)


class HandoverStatus(models.TextChoices):
    PENDING = "pending", _("wacht op acceptatie")
    ACCEPTED = "accepted", _("geaccepteerd")
    DECLINED = "declined", _("afgewezen")


class Handover(models.Model):
    """A request to pass case or process direction to another organisation."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="handovers")
    kind = models.CharField(_("soort regie"), max_length=10, choices=DirectionKind.choices)
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="+"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("naar organisatie"),
    )  # fmt: skip
    reason = models.CharField(_("waarom"), max_length=500)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=HandoverStatus.choices, default=HandoverStatus.PENDING
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "kind"],
                condition=models.Q(status="pending"),
                name="one_pending_handover_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.trajectory_id} {self.kind} → {self.to_organisation_id}"


class WithWhom(models.TextChoices):
    PERSON = "person", _("de betrokkene")
    NETWORK = "network", _("iemand uit het informele netwerk")
    PARTNER = "partner", _("een partner")


class Contact(models.Model):
    """A contactmoment: social-domain data, never shown to the police role."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="contacts")
    at = models.DateTimeField(_("wanneer"))
    kind = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.CONTACT_KIND}, verbose_name=_("soort contact"),
    )  # fmt: skip
    with_whom = models.CharField(_("met wie"), max_length=10, choices=WithWhom.choices)
    partner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("partner"),
    )  # fmt: skip
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("door"),
    )  # fmt: skip
    by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="+"
    )
    with_peer_expert = models.BooleanField(_("met ervaringsdeskundige"), default=False)
    activities = models.ManyToManyField(
        Term, blank=True, related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.INTERVENTION},
        verbose_name=_("wat er gedaan is"),
    )  # fmt: skip
    result = models.CharField(_("kort resultaat"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")

    def __str__(self) -> str:
        return f"{self.trajectory_id} {self.at:%Y-%m-%d}"


class Task(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("taak"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("eigenaar"),
    )  # fmt: skip
    due_on = models.DateField(_("uiterlijk"))
    done_at = models.DateTimeField(_("gedaan op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_on", "id"]
        verbose_name = _("taak")
        verbose_name_plural = _("taken")

    def __str__(self) -> str:
        return self.title


class FollowUpSettings(models.Model):
    """Per programme: the thresholds of the signals and which contacts count as care."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="followup_settings"
    )
    process_direction_from_level = models.PositiveSmallIntegerField(
        _("procesregie verplicht vanaf AVE"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )  # fmt: skip
    no_contact_days = models.PositiveSmallIntegerField(
        _("signaal na dagen zonder contact"), default=14
    )
    handover_working_days = models.PositiveSmallIntegerField(
        _("overdracht accepteren binnen (werkdagen)"), default=2
    )
    reopen_window_days = models.PositiveSmallIntegerField(_("heropenen binnen (dagen)"), default=30)
    care_contact_kinds = models.ManyToManyField(
        Term, blank=True, related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.CONTACT_KIND},
        verbose_name=_("contactsoorten die als zorg tellen"),
    )  # fmt: skip
    default_case_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("standaard casusregie (organisatie)"),
    )  # fmt: skip
    default_process_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("standaard procesregie vanaf AVE 3 (organisatie)"),
    )  # fmt: skip

    # Revolving-door rules (elastiek-casussen): defaults from the persons issue.
    revolving_incidents = models.PositiveSmallIntegerField(
        _("draaideur: aantal meldingen"), default=3
    )
    revolving_days = models.PositiveSmallIntegerField(_("draaideur: binnen dagen"), default=90)
    return_after_close_days = models.PositiveSmallIntegerField(
        _("draaideur: nieuwe melding binnen dagen na afsluiten"), default=30
    )
    without_trajectory_incidents = models.PositiveSmallIntegerField(
        _("draaideur: meldingen in 12 maanden zonder traject"), default=5
    )

    class Meta:
        verbose_name = _("instellingen opvolging")
        verbose_name_plural = _("instellingen opvolging")

    def __str__(self) -> str:
        return str(self.programme)


class NotificationLog(models.Model):
    """One digest per user per day: makes ``notify`` idempotent within a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    items = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
