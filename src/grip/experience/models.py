"""Experienced control and safety, relatives' support, experience stories (ADR 0110).

Everything here belongs to a person (their pseudonymous key, ``Person``) in one programme, and
is care/social data of that programme: the scoped querysets let through the roles that may see
care or social data there, nobody else.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.access.policy import DataClass
from grip.access.scoping import ScopedQuerySet
from grip.experience import scoring
from grip.followup.models import Trajectory
from grip.network.models import Programme
from grip.people.models import Person
from grip.signalling.models import Signal
from grip.vocab.models import Term, Vocabulary


class Moment(models.TextChoices):
    START = "start", _("bij de start")
    CLOSURE = "closure", _("bij het afsluiten")
    CONTACT = "contact", _("bij een tussentijds contact")


class Respondent(models.TextChoices):
    PERSON = "person", _("de betrokkene")
    RELATIVE = "relative", _("een naaste")


class Channel(models.TextChoices):
    WORKER = "worker", _("samen met de medewerker")
    LINK = "link", _("zelf, via een eenmalige link")


class AnswerStatus(models.TextChoices):
    ANSWERED = "answered", _("beantwoord")
    DECLINED = "declined", _("wil niet antwoorden")
    NOT_ASKED = "not_asked", _("kon niet gevraagd worden")


def _mark() -> list[Any]:
    return [MinValueValidator(1), MaxValueValidator(10)]


def _item() -> list[Any]:
    return [MinValueValidator(1), MaxValueValidator(5)]


class _PersonData:
    """Rows of a person in a programme: care or social data there (ADR 0110)."""

    programme_path: ClassVar[str] = "programme"
    data_classes: ClassVar[tuple[DataClass, ...]] = (DataClass.CARE, DataClass.SOCIAL)
    person_key_path: ClassVar[str] = "person__display_key"


class AnswerQuerySet(_PersonData, ScopedQuerySet["ExperienceAnswer"]):
    pass


class LinkQuerySet(_PersonData, ScopedQuerySet["AnswerLink"]):
    pass


class ConsentQuerySet(_PersonData, ScopedQuerySet["StoryConsent"]):
    pass


class StoryQuerySet(_PersonData, ScopedQuerySet["ExperienceStory"]):
    pass


class ExperienceAnswer(models.Model):
    """One asking of the questions: answered, declined, or not possible. Never changed after."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="experience_answers")
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signal = models.ForeignKey(
        Signal, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moment = models.CharField(_("moment"), max_length=10, choices=Moment.choices)
    respondent = models.CharField(_("wie antwoordt"), max_length=10, choices=Respondent.choices)
    channel = models.CharField(_("hoe"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("antwoord"), max_length=10, choices=AnswerStatus.choices)
    mastery_1 = models.PositiveSmallIntegerField(null=True, blank=True, validators=_item())
    mastery_2 = models.PositiveSmallIntegerField(null=True, blank=True, validators=_item())
    mastery_3 = models.PositiveSmallIntegerField(null=True, blank=True, validators=_item())
    mastery_4 = models.PositiveSmallIntegerField(null=True, blank=True, validators=_item())
    mastery_5 = models.PositiveSmallIntegerField(null=True, blank=True, validators=_item())
    # Stored with the answer (computed once by ``scoring``) so the figures are plain SQL.
    mastery_score = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    safety_home = models.PositiveSmallIntegerField(null=True, blank=True, validators=_mark())
    safety_neighbourhood = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_mark()
    )
    # A relative's answer: how safe they feel around the situation (the surroundings).
    safety_surroundings = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_mark()
    )
    # Empty when the person answered alone through a link (the link says who handed it out).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("ervaren regie en veiligheid")
        verbose_name_plural = _("antwoorden ervaren regie en veiligheid")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trajectory__isnull=False) | models.Q(signal__isnull=False),
                name="experience_answer_belongs_to_work",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.moment} {self.status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError("Experience answers are not changed; ask again.")
        answered = self.status == AnswerStatus.ANSWERED and self.respondent == Respondent.PERSON
        self.mastery_score = scoring.mastery_score(self.items) if answered else None
        super().save(*args, **kwargs)

    @property
    def items(self) -> list[int | None]:
        return [getattr(self, f"mastery_{number}") for number in range(1, scoring.ITEMS + 1)]


class AnswerLink(models.Model):
    """A one-time link for answering alone. Only the SHA-256 of the token is stored: the link
    itself, shown once to the worker, carries nothing but the random token."""

    token_hash = models.CharField(max_length=64, unique=True)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="experience_links")
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signal = models.ForeignKey(
        Signal, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moment = models.CharField(max_length=10, choices=Moment.choices)
    respondent = models.CharField(max_length=10, choices=Respondent.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    answer = models.OneToOneField(
        ExperienceAnswer, on_delete=models.PROTECT, null=True, blank=True, related_name="link"
    )

    objects = LinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("antwoordlink")
        verbose_name_plural = _("antwoordlinks")

    def __str__(self) -> str:
        return f"link {self.pk}"


class Offered(models.TextChoices):
    INFORMATION = "information", _("informatie en uitleg")
    ADVICE = "advice", _("advies over omgaan met de situatie")
    PEER_SUPPORT = "peer_support", _("lotgenoten- of ervaringsdeskundige steun")
    REFERRAL = "referral", _("doorverwezen naar steunpunt of mantelzorgondersteuning")
    RESPITE = "respite", _("respijtzorg of ontlasting")
    OTHER = "other", _("anders")


class RelativeRelation(models.TextChoices):
    PARTNER = "partner", _("partner")
    PARENT = "parent", _("ouder")
    CHILD = "child", _("kind")
    SIBLING = "sibling", _("broer of zus")
    NEIGHBOUR = "neighbour", _("buurtbewoner")
    OTHER = "other", _("anders")


class RelativeSupportQuerySet(ScopedQuerySet["RelativeSupport"]):
    programme_path = "trajectory__programme"
    data_classes = (DataClass.CARE, DataClass.SOCIAL)
    person_key_path = "trajectory__person__display_key"


class RelativeSupport(models.Model):
    """A contact with a relative (naaste) on the person's trajectory and what was offered."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.PROTECT, related_name="relative_support"
    )
    on = models.DateField(_("datum"))
    relation = models.CharField(
        _("relatie tot de betrokkene"), max_length=12, choices=RelativeRelation.choices
    )
    offered = models.CharField(_("wat is aangeboden"), max_length=15, choices=Offered.choices)
    note = models.CharField(_("korte toelichting"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RelativeSupportQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("steun aan naaste")
        verbose_name_plural = _("steun aan naasten")

    def __str__(self) -> str:
        return f"{self.trajectory_id} {self.on} {self.offered}"


class StoryConsent(models.Model):
    """The person's consent to record their experience story: who recorded it and when; a
    withdrawal removes the stories (``actions.withdraw_consent``) and keeps this row."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="story_consents")
    given_on = models.DateField(_("toestemming gegeven op"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("toestemming voor een ervaringsverhaal")
        verbose_name_plural = _("toestemmingen voor ervaringsverhalen")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_story_consent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.given_on}"


class ExperienceStory(models.Model):
    """What the person experienced, as a peer expert wrote it down: pseudonymous free text,
    tagged with reflection themes."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="experience_stories")
    consent = models.ForeignKey(StoryConsent, on_delete=models.PROTECT, related_name="stories")
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("wat de betrokkene heeft ervaren"), max_length=4000)
    themes = models.ManyToManyField(
        Term,
        related_name="+",
        limit_choices_to={"vocabulary__in": [Vocabulary.THEME_POSITIVE, Vocabulary.THEME_LEARNING]},
        verbose_name=_("thema's"),
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = _("ervaringsverhaal")
        verbose_name_plural = _("ervaringsverhalen")

    def __str__(self) -> str:
        return f"{self.person_id} {self.written_at:%Y-%m-%d}"
