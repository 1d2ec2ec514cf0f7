"""Learning and improving (leren en verbeteren): cycles, reflection sessions, the cases they
discuss with their turning points, the lessons, and the actions agreed on.

Cases are linked to trajectories or responses but shown only by the person's pseudonymous
key: a session is about what worked, not about who. Free text here is written by the
facilitator for the session and must not identify anyone (``grip.learning.pseudonymity``
refuses what looks like a BSN; ADR 0031 says what else is and is not guarded).

Turning points, outcomes and agreed actions can be corrected by the facilitator; each carries
a ``version`` so that two people correcting the same record at once never silently overwrite
each other (ADR 0005: the save is an UPDATE on the version the form was opened on).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.access.grants import grants_for
from grip.access.policy import Action, DataClass
from grip.access.scoping import ScopedQuerySet
from grip.experience.models import ExperienceStory
from grip.followup.models import Trajectory
from grip.network.models import Membership, Organisation, Programme
from grip.people.models import Person
from grip.triage.models import Response
from grip.vocab.models import Term, Vocabulary

THEME_VOCABULARIES = (Vocabulary.THEME_POSITIVE, Vocabulary.THEME_LEARNING)
PURGED_SESSION_IS_READ_ONLY = _(
    "Deze sessie is na haar bewaartermijn geanonimiseerd en kan niet meer worden gewijzigd."
)


class Phase(models.TextChoices):
    PREPARATION = "preparation", _("voorbereiding")
    EXECUTION = "execution", _("uitvoering en leercyclus")
    FURTHER_DEVELOPMENT = "further_development", _("doorontwikkeling en leercyclus")
    FINAL_EVALUATION = "final_evaluation", _("eindevaluatie en borging")


class LearningCycle(models.Model):
    """One period of a programme's planning; learning cycles carry a number (1, 2, …),
    preparation and final evaluation do not."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="learning_cycles",
        verbose_name=_("programma"),
    )  # fmt: skip
    number = models.PositiveSmallIntegerField(_("leercyclus nummer"), null=True, blank=True)
    phase = models.CharField(_("fase"), max_length=30, choices=Phase.choices)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))

    class Meta:
        ordering = ["programme", "starts_on", "id"]
        verbose_name = _("leercyclus")
        verbose_name_plural = _("leercycli")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                condition=models.Q(number__isnull=False),
                name="learning_cycle_number_per_programme",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="learning_cycle_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        if self.number:
            return str(_("Leercyclus %(number)s") % {"number": self.number})
        return str(self.get_phase_display()).capitalize()


class SessionQuerySet(ScopedQuerySet["ReflectionSession"]):
    programme_path = "programme"
    data_classes = (DataClass.LEARNING,)

    def visible_to(self, user: Any, action: Action = Action.VIEW) -> SessionQuerySet:
        """The facilitators (who may change learning data) see every session of their
        programmes; a participant sees the sessions their organisation takes part in, in the
        programme their membership is for."""
        scoped = super().visible_to(user, action)
        grants = grants_for(user)
        facilitated = sorted(grants.programmes(DataClass.LEARNING, Action.CHANGE))
        taking_part = models.Q()
        for organisation_id, programme_id in (
            Membership.objects.filter(user_id=user.pk, active=True)
            .values_list("organisation_id", "programmes")
            .distinct()
        ):
            if programme_id is not None:
                taking_part |= models.Q(
                    programme_id=programme_id, organisations__id=organisation_id
                )
        condition = models.Q(programme__in=facilitated)
        if taking_part:
            condition |= models.Q(pk__in=ReflectionSession.objects.filter(taking_part).values("pk"))
        return scoped.filter(condition)


class ReflectionSession(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="reflection_sessions",
        verbose_name=_("programma"),
    )  # fmt: skip
    held_on = models.DateField(_("datum"))
    topic = models.CharField(_("onderwerp"), max_length=200, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("begeleider"),
    )  # fmt: skip
    organisations = models.ManyToManyField(
        Organisation, related_name="+", verbose_name=_("deelnemende organisaties")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the retention purge: the session keeps its themes for the figures and is read-only
    # from then on, so that no correction writes free text or a case back past its period.
    purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("reflectiesessie")
        verbose_name_plural = _("reflectiesessies")
        indexes = [models.Index(fields=["programme", "held_on"], name="session_prog_date")]

    def __str__(self) -> str:
        return f"{self.programme.slug} {self.held_on:%Y-%m-%d}"

    def ensure_open(self) -> None:
        """Every write to a session and its records checks this first (``actions``,
        ``corrections``)."""
        if self.purged_at is not None:
            raise ValidationError(PURGED_SESSION_IS_READ_ONLY)

    def lock_open(self) -> None:
        """Inside the write's transaction: lock the session's row and check again that it is
        open. ``ensure_open`` checks the session as it was read, and the purge may have marked
        it since; on PostgreSQL the lock also makes a purge that starts now wait for this write,
        and then empty what it added. (SQLite has one writer at a time: a write whose read is
        older than the purge's commit is refused by SQLite itself.)"""
        self.purged_at = (
            type(self)
            .objects.select_for_update(no_key=True)
            .filter(pk=self.pk)
            .values_list("purged_at", flat=True)
            .get()
        )
        self.ensure_open()


class SessionCase(models.Model):
    """A case on a session's agenda: a trajectory or a response, known by the person's key."""

    session = models.ForeignKey(ReflectionSession, on_delete=models.CASCADE, related_name="cases")
    position = models.PositiveSmallIntegerField(_("casus"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, related_name="+")
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    response = models.ForeignKey(
        Response, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("waarom op de agenda"), max_length=200, blank=True)
    # Set by the retention purge (``grip.retention.reflection``): the case then has no person,
    # trajectory or response link and no free text any more, only its themes.
    purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["session", "position"]
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="case_position_unique"),
            models.CheckConstraint(
                condition=models.Q(trajectory__isnull=False)
                | models.Q(response__isnull=False)
                | models.Q(purged_at__isnull=False),
                name="case_has_a_source_until_purged",
            ),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def key(self) -> str:
        """What every screen and the review pack call the case: the pseudonymous key only."""
        if self.person_id and self.person:
            return self.person.display_key
        return str(_("casus %(position)s (geen sleutel)") % {"position": self.position})


class Effect(models.TextChoices):
    WORKED = "worked", _("werkte")
    DID_NOT_WORK = "did_not_work", _("werkte niet")
    MIXED = "mixed", _("deels")


class TurningPoint(models.Model):
    """A kantelmoment: when the case turned, what happened, whether it worked, for whom."""

    case = models.ForeignKey(SessionCase, on_delete=models.CASCADE, related_name="turning_points")
    occurred_on = models.DateField(_("wanneer"))
    what_happened = models.CharField(_("wat er gebeurde"), max_length=1000)
    effect = models.CharField(_("werkte het?"), max_length=20, choices=Effect.choices)
    for_person = models.BooleanField(_("voor de betrokkene"), default=False)
    for_surroundings = models.BooleanField(_("voor de omgeving"), default=False)
    for_professionals = models.BooleanField(_("voor de professionals"), default=False)
    themes = models.ManyToManyField(
        Term, blank=True, related_name="+",
        limit_choices_to={"vocabulary__in": THEME_VOCABULARIES}, verbose_name=_("thema's"),
    )  # fmt: skip
    # Goes up by one with every change after creation (ADR 0005): a correction, in the UPDATE
    # that checks the version its edit page was opened on; a review; the retention purge.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "occurred_on", "id"]
        verbose_name = _("kantelmoment")
        verbose_name_plural = _("kantelmomenten")

    def __str__(self) -> str:
        return f"{self.case_id} {self.occurred_on:%Y-%m-%d}"

    @staticmethod
    def whom_fields(for_whom: Iterable[str]) -> dict[str, bool]:
        """The three for-whom fields from the form's choices, for a create or a correction."""
        chosen = set(for_whom)
        return {
            "for_person": "person" in chosen,
            "for_surroundings": "surroundings" in chosen,
            "for_professionals": "professionals" in chosen,
        }

    @property
    def for_whom(self) -> list[str]:
        return [
            str(label)
            for flag, label in (
                (self.for_person, _("betrokkene")),
                (self.for_surroundings, _("omgeving")),
                (self.for_professionals, _("professionals")),
            )
            if flag
        ]


class OutcomeKind(models.TextChoices):
    POSITIVE = "positive", _("positief punt")
    LEARNING = "learning", _("leerpunt")


OUTCOME_VOCABULARY = {
    OutcomeKind.POSITIVE: Vocabulary.THEME_POSITIVE,
    OutcomeKind.LEARNING: Vocabulary.THEME_LEARNING,
}


class SessionOutcome(models.Model):
    """A positive point or a learning point of a session, tagged with one theme."""

    session = models.ForeignKey(
        ReflectionSession, on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=OutcomeKind.choices)
    theme = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"vocabulary__in": THEME_VOCABULARIES}, verbose_name=_("thema"),
    )  # fmt: skip
    text = models.CharField(_("toelichting"), max_length=500, blank=True)
    # Goes up by one with every change after creation (ADR 0005): a correction, in the UPDATE
    # that checks the version its edit page was opened on; a review; the retention purge.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "kind", "id"]
        verbose_name = _("uitkomst")
        verbose_name_plural = _("uitkomsten")

    def __str__(self) -> str:
        return f"{self.session_id} {self.kind} {self.theme_id}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("gedaan")
    DROPPED = "dropped", _("vervallen")


class AgreedAction(models.Model):
    """An action agreed in a session; followed up (closed or carried over) in later ones."""

    session = models.ForeignKey(
        ReflectionSession, on_delete=models.CASCADE, related_name="agreed_actions"
    )
    description = models.CharField(_("actie"), max_length=300)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("eigenaar")
    )
    due_on = models.DateField(_("uiterlijk"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    # Goes up by one with every change after creation (ADR 0005): a correction, in the UPDATE
    # that checks the version its edit page was opened on; a review; the retention purge.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("afgesproken actie")
        verbose_name_plural = _("afgesproken acties")

    def __str__(self) -> str:
        return self.description


class ReviewDecision(models.TextChoices):
    DONE = "done", _("gedaan, afgesloten")
    CARRIED_OVER = "carried_over", _("doorgeschoven")
    DROPPED = "dropped", _("vervallen")


class ActionReview(models.Model):
    """What a later session decided about an open action: append-only, so the follow-up of
    every action can be read back session by session."""

    action = models.ForeignKey(AgreedAction, on_delete=models.CASCADE, related_name="reviews")
    session = models.ForeignKey(
        ReflectionSession, on_delete=models.CASCADE, related_name="action_reviews"
    )
    decision = models.CharField(_("besluit"), max_length=20, choices=ReviewDecision.choices)
    new_due_on = models.DateField(_("nieuwe datum"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("bespreking van een actie")
        verbose_name_plural = _("besprekingen van acties")

    def __str__(self) -> str:
        return f"{self.action_id} {self.decision}"


class ThemeWording(models.Model):
    """The facilitator's one-line wording of a theme for one period (a cycle or any dates),
    as the factsheet prints it under the top three."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    date_from = models.DateField()
    date_to = models.DateField()
    wording = models.CharField(_("formulering"), max_length=300)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("formulering van een thema")
        verbose_name_plural = _("formuleringen van thema's")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "theme", "date_from", "date_to"],
                name="one_wording_per_theme_and_period",
            )
        ]

    def __str__(self) -> str:
        return self.wording


class SessionStory(models.Model):
    """An experience story a peer expert collected (``grip.experience``), put on a session
    for the participants to hear. Its themes count towards the session's top threes. When the
    person withdraws consent the story is deleted, and this row with it."""

    session = models.ForeignKey(ReflectionSession, on_delete=models.CASCADE, related_name="stories")
    story = models.ForeignKey(ExperienceStory, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "story"], name="one_story_once_a_session")
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.story_id}"
