"""Casework: the plan of approach of a trajectory, the case conferences of a programme's
tables, and the breakthrough (doorbraak) of a stuck case (docs/adr/0100-casework.md).

A plan is a head row with the number of its current version; every save adds a
``PlanVersion`` with its goals and agreements, never changing an older one. The head's
``version`` is the optimistic-edit counter of ADR 0005: a save made against an older version
is refused as a conflict.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.access.grants import grants_for
from grip.access.models import AppendOnlyError
from grip.access.policy import CASEWORK_CHAIR_ROLES, Action, DataClass
from grip.access.scoping import ScopedQuerySet
from grip.followup.models import Trajectory
from grip.followup.rights import organisation_ids
from grip.network.models import Organisation, Programme
from grip.vocab.models import Term, Vocabulary


class AppendOnly(models.Model):
    """Rows that are history: saved once, never changed."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)


# --- the plan of approach -----------------------------------------------------------------


class PlanQuerySet(ScopedQuerySet["Plan"]):
    """A plan is social (and care) data: the police role sees none of it. Within the
    programme the trajectory's own narrowing applies: whoever may see the trajectory and
    its work sees its plan."""

    programme_path = "trajectory__programme"
    data_classes = (DataClass.CARE, DataClass.SOCIAL)
    person_key_path = "trajectory__person__display_key"

    def visible_to(self, user: Any, action: Action = Action.VIEW) -> PlanQuerySet:
        scoped = super().visible_to(user, action)
        return scoped.filter(trajectory__in=Trajectory.objects.visible_to(user).values("pk"))


class Plan(models.Model):
    trajectory = models.OneToOneField(
        Trajectory, on_delete=models.CASCADE, related_name="plan", verbose_name=_("traject")
    )
    version = models.PositiveIntegerField(_("versie"), default=0)
    # Copied from the current version so that overviews find late reviews in one query.
    review_on = models.DateField(_("evaluatie op"), null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")

    def __str__(self) -> str:
        return f"{self.trajectory_id} v{self.version}"


class PlanVersion(AppendOnly):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    review_on = models.DateField(_("evaluatie op"))
    note = models.CharField(_("toelichting bij deze versie"), max_length=500, blank=True)
    # Set when a conference decision made this version.
    decision = models.ForeignKey(
        "Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("door"),
    )  # fmt: skip
    at = models.DateTimeField(_("wanneer"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"


class Goal(AppendOnly):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="goals")
    life_domain = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.LIFE_DOMAIN}, verbose_name=_("leefgebied"),
    )  # fmt: skip
    text = models.CharField(_("doel"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Agreement(AppendOnly):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="agreements")
    text = models.CharField(_("afspraak"), max_length=500)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("wie")
    )
    due_on = models.DateField(_("wanneer"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


# --- tables and conferences ---------------------------------------------------------------


class ConferenceTable(models.Model):
    """A programme's standing table (OGGz-overleg Centrum, ZVH-escalatie), managed by the
    coordinator. A table with mandate can receive breakthroughs."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="conference_tables",
        verbose_name=_("programma"),
    )  # fmt: skip
    name = models.CharField(_("naam"), max_length=100)
    has_mandate = models.BooleanField(
        _("tafel met mandaat (doorbraak)"),
        default=False,
        help_text=_("Hier kan een vastgelopen casus worden opgeschaald, zoals het ZVH."),
    )
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = _("overlegtafel")
        verbose_name_plural = _("overlegtafels")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="table_name_per_programme")
        ]

    def __str__(self) -> str:
        return self.name


class ConferenceQuerySet(ScopedQuerySet["Conference"]):
    """Only the participating organisations see a conference, and the programme's
    coordinator; never the police role (it carries social and care data)."""

    programme_path = "table__programme"
    data_classes = (DataClass.CARE, DataClass.SOCIAL)

    def visible_to(self, user: Any, action: Action = Action.VIEW) -> ConferenceQuerySet:
        scoped = super().visible_to(user, action)
        grants = grants_for(user)
        coordinated = sorted(
            pid for pid in grants.programme_ids if grants.roles_in(pid) & CASEWORK_CHAIR_ROLES
        )
        participating = models.Q(
            pk__in=Conference.objects.filter(
                participants__in=sorted(organisation_ids(user))
            ).values("pk")
        )
        return scoped.filter(models.Q(table__programme__in=coordinated) | participating)


class Conference(models.Model):
    table = models.ForeignKey(
        ConferenceTable, on_delete=models.PROTECT, related_name="conferences",
        verbose_name=_("tafel"),
    )  # fmt: skip
    held_on = models.DateField(_("datum"))
    participants = models.ManyToManyField(
        Organisation, related_name="+", verbose_name=_("deelnemende organisaties")
    )
    legal_basis = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.LEGAL_BASIS}, verbose_name=_("grondslag"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")

    def __str__(self) -> str:
        return f"{self.table} {self.held_on}"


class AgendaItem(AppendOnly):
    """A person on the agenda, by their trajectory (shown by the person's key)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="items")
    trajectory = models.ForeignKey(Trajectory, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "trajectory"], name="agenda_once")
        ]

    def __str__(self) -> str:
        return f"{self.conference_id}: {self.trajectory_id}"


class Decision(AppendOnly):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField(_("besluit"), max_length=1000)
    direction_to = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("casusregie naar"),
    )  # fmt: skip
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


# --- breakthrough -------------------------------------------------------------------------


class BreakthroughQuerySet(ScopedQuerySet["Breakthrough"]):
    programme_path = "trajectory__programme"
    data_classes = (DataClass.CARE, DataClass.SOCIAL)
    person_key_path = "trajectory__person__display_key"

    def visible_to(self, user: Any, action: Action = Action.VIEW) -> BreakthroughQuerySet:
        scoped = super().visible_to(user, action)
        return scoped.filter(trajectory__in=Trajectory.objects.visible_to(user).values("pk"))


class Breakthrough(models.Model):
    """A stuck case taken to a table with mandate. The question is history; the answer is
    written once."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.PROTECT, related_name="breakthroughs"
    )
    table = models.ForeignKey(
        ConferenceTable, on_delete=models.PROTECT, related_name="breakthroughs",
        limit_choices_to={"has_mandate": True}, verbose_name=_("tafel met mandaat"),
    )  # fmt: skip
    reason = models.CharField(_("waarom vastgelopen"), max_length=1000)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True, db_index=True)
    answer = models.CharField(_("besluit"), max_length=1000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = BreakthroughQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("doorbraak")
        verbose_name_plural = _("doorbraken")

    def __str__(self) -> str:
        return f"{self.trajectory_id} → {self.table_id}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
