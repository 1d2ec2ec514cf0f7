"""Every write of the person's own view: one transaction, the actor's right checked, and the
access-log row (ADR 0110)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.experience.models import (
    AnswerLink,
    AnswerStatus,
    Channel,
    ExperienceAnswer,
    ExperienceStory,
    RelativeSupport,
    Respondent,
    StoryConsent,
)
from grip.experience.work import Work, may_work_on, person_of, work_fields
from grip.followup.models import Trajectory
from grip.followup.rights import can_work_in, may_record
from grip.learning.pseudonymity import validate_pseudonymous
from grip.network.models import Role
from grip.vocab.models import Term

LINK_DAYS = 14


@dataclass(frozen=True)
class Answers:
    """What was answered. For ``declined`` / ``not_asked`` everything else stays empty."""

    status: str
    items: tuple[int | None, ...] = (None, None, None, None, None)
    safety_home: int | None = None
    safety_neighbourhood: int | None = None
    safety_surroundings: int | None = None


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _person_key(work: Work) -> str:
    return work.person.display_key if work.person else ""


def _answer_row(answers: Answers, respondent: str) -> dict[str, Any]:
    if answers.status != AnswerStatus.ANSWERED:
        return {"status": answers.status}
    if respondent == Respondent.RELATIVE:
        # A relative is asked the surroundings question only.
        if answers.safety_surroundings is None:
            raise ValidationError(_("Geef een cijfer, of kies 'wil niet antwoorden'."))
        return {"status": answers.status, "safety_surroundings": answers.safety_surroundings}
    given = [value for value in answers.items if value is not None]
    if not given and answers.safety_home is None and answers.safety_neighbourhood is None:
        raise ValidationError(
            _("Er is niets ingevuld. Kies 'wil niet antwoorden' als de betrokkene niet wil.")
        )
    row: dict[str, Any] = {
        f"mastery_{number}": value for number, value in enumerate(answers.items, 1)
    }
    return {
        **row,
        "status": answers.status,
        "safety_home": answers.safety_home,
        "safety_neighbourhood": answers.safety_neighbourhood,
    }


def record_answers(
    actor: Any, work: Work, *, moment: str, respondent: str, answers: Answers
) -> ExperienceAnswer:
    """The questions asked with the worker (or not: declined, could not be asked)."""
    _require(may_work_on(actor, work))
    with transaction.atomic():
        answer = ExperienceAnswer(
            programme=work.programme,
            person=person_of(work),
            moment=moment,
            respondent=respondent,
            channel=Channel.WORKER,
            recorded_by=actor,
            **work_fields(work),
            **_answer_row(answers, respondent),
        )
        answer.full_clean()
        answer.save()
        record(
            actor,
            AccessEventAction.CREATE,
            programme=work.programme,
            obj=answer,
            person_key=_person_key(work),
            purpose="experience:answers",
        )
    return answer


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_link(actor: Any, work: Work, *, moment: str, respondent: str) -> tuple[AnswerLink, str]:
    """A one-time link: the random token is returned once, only its hash is kept."""
    _require(may_work_on(actor, work))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        link = AnswerLink.objects.create(
            token_hash=hash_token(token),
            programme=work.programme,
            person=person_of(work),
            moment=moment,
            respondent=respondent,
            created_by=actor,
            expires_at=timezone.now() + dt.timedelta(days=LINK_DAYS),
            **work_fields(work),
        )
        record(
            actor,
            AccessEventAction.CREATE,
            programme=work.programme,
            obj=link,
            person_key=_person_key(work),
            purpose="experience:link",
        )
    return link, token


def open_link(token: str) -> AnswerLink | None:
    """The link behind the token while it can still be used: unused and not expired."""
    return (
        AnswerLink.objects.filter(
            token_hash=hash_token(token), used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("programme")
        .first()
    )


def answer_by_link(token: str, answers: Answers) -> ExperienceAnswer:
    """The person (or relative) answers alone. The link is used up in the same transaction,
    locked first, so two submits cannot both store answers."""
    with transaction.atomic():
        link = (
            AnswerLink.objects.select_for_update()
            .filter(token_hash=hash_token(token), used_at__isnull=True)
            .first()
        )
        if link is None or link.expires_at <= timezone.now():
            raise PermissionDenied
        answer = ExperienceAnswer(
            programme_id=link.programme_id,
            person_id=link.person_id,
            trajectory_id=link.trajectory_id,
            signal_id=link.signal_id,
            moment=link.moment,
            respondent=link.respondent,
            channel=Channel.LINK,
            recorded_by=None,
            **_answer_row(answers, link.respondent),
        )
        answer.full_clean()
        answer.save()
        link.used_at = timezone.now()
        link.answer = answer
        link.save(update_fields=["used_at", "answer"])
        record(
            None,
            AccessEventAction.CREATE,
            programme=link.programme,
            obj=answer,
            person_key=link.person.display_key,
            purpose="experience:answers-by-link",
            responsible=link.created_by,
        )
    return answer


def record_relative_support(
    actor: Any, trajectory: Trajectory, *, on: dt.date, relation: str, offered: str, note: str
) -> RelativeSupport:
    _require(can_work_in(actor, trajectory))
    validate_pseudonymous(note)
    with transaction.atomic():
        support = RelativeSupport(
            trajectory=trajectory,
            on=on,
            relation=relation,
            offered=offered,
            note=note,
            recorded_by=actor,
        )
        support.full_clean()
        support.save()
        record(
            actor,
            AccessEventAction.CREATE,
            programme=trajectory.programme,
            obj=support,
            person_key=trajectory.person.display_key if trajectory.person else "",
            purpose="experience:relative-support",
        )
    return support


def record_consent(actor: Any, work: Work, *, given_on: dt.date) -> StoryConsent:
    """The person's consent to an experience story, recorded by whoever may work on it."""
    _require(may_work_on(actor, work))
    with transaction.atomic():
        if StoryConsent.objects.filter(
            programme=work.programme, person=person_of(work), withdrawn_at__isnull=True
        ).exists():
            raise ValidationError(_("Er is al toestemming vastgelegd."))
        consent = StoryConsent.objects.create(
            programme=work.programme, person=person_of(work), given_on=given_on, recorded_by=actor
        )
        record(
            actor,
            AccessEventAction.CREATE,
            programme=work.programme,
            obj=consent,
            person_key=person_of(work).display_key,
            purpose="experience:consent",
        )
    return consent


def active_consent(work: Work) -> StoryConsent | None:
    return StoryConsent.objects.filter(
        programme_id=work.programme_id, person=person_of(work), withdrawn_at__isnull=True
    ).first()


def is_peer_expert(user: Any, programme_id: int) -> bool:
    return Role.PEER_EXPERT in grants_for(user).roles_in(programme_id)


def write_story(actor: Any, work: Work, *, text: str, themes: Iterable[Term]) -> ExperienceStory:
    """A peer expert's story of what the person experienced: only with the person's consent,
    and never with identifying details."""
    _require(is_peer_expert(actor, work.programme_id) and may_work_on(actor, work))
    validate_pseudonymous(text)
    with transaction.atomic():
        consent = (
            StoryConsent.objects.select_for_update()
            .filter(
                programme_id=work.programme_id, person=person_of(work), withdrawn_at__isnull=True
            )
            .first()
        )
        if consent is None:
            raise ValidationError(
                _(
                    "Zonder vastgelegde toestemming van de betrokkene kan geen verhaal worden "
                    "bewaard."
                )
            )
        story = ExperienceStory.objects.create(
            programme=work.programme,
            person=person_of(work),
            consent=consent,
            trajectory=work if isinstance(work, Trajectory) else None,
            text=text,
            written_by=actor,
        )
        story.themes.set(list(themes))
        record(
            actor,
            AccessEventAction.CREATE,
            programme=work.programme,
            obj=story,
            person_key=_person_key(work),
            purpose="experience:story",
        )
    return story


def withdraw_consent(actor: Any, consent: StoryConsent) -> int:
    """The person withdraws: every story under the consent is removed (and with it its place
    on reflection sessions and its theme counts). The consent row stays, marked withdrawn.
    Returns the number of stories removed."""
    _require(may_record(actor, consent.programme_id))
    with transaction.atomic():
        current = StoryConsent.objects.select_for_update().get(pk=consent.pk)
        if current.withdrawn_at is not None:
            return 0
        stories = list(current.stories.all())
        for story in stories:
            record(
                actor,
                AccessEventAction.DELETE,
                programme=current.programme,
                obj=story,
                person_key=current.person.display_key,
                purpose="experience:consent-withdrawn",
            )
            story.themes.clear()
            story.delete()
        current.withdrawn_at = timezone.now()
        current.withdrawn_by = actor
        current.save(update_fields=["withdrawn_at", "withdrawn_by"])
        record(
            actor,
            AccessEventAction.UPDATE,
            programme=current.programme,
            obj=current,
            person_key=current.person.display_key,
            purpose="experience:consent-withdrawn",
        )
    return len(stories)
