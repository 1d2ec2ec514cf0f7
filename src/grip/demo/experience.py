"""Demo content for the person's own view (ADR 0110): askings at the start of the Hotspot's
trajectories and at the start and closure of Vroegsignalering's closed signals (answered,
declined, could not be asked), relatives asked and supported, and two experience stories with
consent, on the latest reflection session.

Synthetic and deterministic (a seeded random); safe to run again: nothing is added once any
asking exists.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from grip.experience import actions
from grip.experience.actions import Answers
from grip.experience.models import ExperienceAnswer, Offered, RelativeRelation
from grip.followup import actions as followup
from grip.followup.models import Trajectory, TrajectoryStatus
from grip.followup.rights import can_work_in
from grip.learning import actions as learning
from grip.learning.models import ReflectionSession
from grip.network.models import Programme
from grip.signalling.models import Signal
from grip.vocab.models import Term, Vocabulary

HOTSPOT = "groninger-hotspot"
EARLY = "groninger-vroegsignalering"
AT_MOST = 40  # trajectories asked: enough for every figure, quick to make

STORIES = (
    (
        "Ik was bang dat ze me weer zouden meenemen. Dat de ervaringsdeskundige erbij was, "
        "maakte dat ik durfde te vertellen wat er speelde.",
        ("value_of_peer_expertise", "information_sharing"),
    ),
    (
        "Het duurde lang voordat iemand terugbelde. Daarna ging het snel en had ik het gevoel "
        "dat ik zelf weer iets te zeggen had.",
        ("multidisciplinary_cooperation", "capacity"),
    ),
)


def _items(rng: random.Random, control: int) -> tuple[int | None, ...]:
    """Five answers leaning to more (control high) or less control, sometimes one open."""
    negative = [min(5, max(1, control + rng.choice((-1, 0, 0, 1)))) for _ in range(4)]
    positive = min(5, max(1, 6 - control + rng.choice((-1, 0, 1))))
    items: list[int | None] = [*negative, positive]
    if rng.random() < 0.1:
        items[rng.randrange(5)] = None
    return tuple(items)


def _answers(rng: random.Random, control: int, home: int, buurt: int) -> Answers:
    roll = rng.random()
    if roll < 0.08:
        return Answers(status="declined")
    if roll < 0.14:
        return Answers(status="not_asked")
    return Answers(
        status="answered", items=_items(rng, control), safety_home=home, safety_neighbourhood=buurt
    )


THREE_DAYS = dt.timedelta(days=3)


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _backdate(answer: ExperienceAnswer, moment: dt.datetime) -> None:
    # Saved answers are never changed by the app; the demo dates them into the past.
    ExperienceAnswer.objects.filter(pk=answer.pk).update(recorded_at=moment)


def generate_demo_experience(users: dict[str, Any]) -> int:
    """Askings, relatives, consents and stories; the number of askings made."""
    if ExperienceAnswer.objects.exists():
        return 0
    worker, peer, coordinator = (
        users["opvolger"],
        users["ervaringsdeskundige"],
        users["coordinator"],
    )
    programme = Programme.objects.get(slug=HOTSPOT)
    rng = random.Random(21)
    found = Trajectory.objects.filter(programme=programme, person__isnull=False).select_related(
        "programme", "person"
    )
    # Open and closed ones, so that start and closure can be paired.
    trajectories = [
        *found.filter(status=TrajectoryStatus.OPEN).order_by("pk")[: AT_MOST // 2],
        *found.filter(status=TrajectoryStatus.CLOSED).order_by("pk")[: AT_MOST // 2],
    ]
    made = 0
    with transaction.atomic():
        for trajectory in trajectories:
            # WIJ's worker where WIJ takes part, else the coordinator (who works in all).
            asker = worker if can_work_in(worker, trajectory) else coordinator
            opened = trajectory.opened_at
            control = rng.choice((2, 2, 3, 3, 4))
            home, buurt = rng.randint(3, 8), rng.randint(3, 8)
            start = actions.record_answers(
                asker, trajectory, moment="start", respondent="person",
                answers=_answers(rng, control, home, buurt),
            )  # fmt: skip
            _backdate(start, opened + dt.timedelta(hours=rng.randint(2, 48)))
            made += 1
            if trajectory.status == TrajectoryStatus.CLOSED and trajectory.closed_at:
                better = rng.random() < 0.6
                after = _answers(
                    rng,
                    min(5, control + (1 if better else 0)),
                    min(10, home + rng.choice((0, 1, 2))),
                    min(10, buurt + rng.choice((-1, 0, 1))),
                )
                closing = actions.record_answers(
                    asker, trajectory, moment="closure", respondent="person", answers=after
                )
                _backdate(closing, trajectory.closed_at)
                made += 1
            if rng.random() < 0.25:
                asked = actions.record_answers(
                    asker, trajectory, moment="contact", respondent="relative",
                    answers=Answers(status="answered", safety_surroundings=rng.randint(2, 8)),
                )  # fmt: skip
                _backdate(asked, min(timezone.now(), opened + THREE_DAYS))
                actions.record_relative_support(
                    asker, trajectory, on=min(timezone.localdate(), _day(opened) + THREE_DAYS),
                    relation=rng.choice(RelativeRelation.values),
                    offered=rng.choice(Offered.values), note="Synthetisch: steun aan de naaste.",
                )  # fmt: skip
                made += 1
        made += _signal_askings(coordinator, rng)
        _stories(coordinator, peer, coordinator, programme, trajectories[:2])
    return made


def _signal_askings(coordinator: Any, rng: random.Random) -> int:
    """Early signalling (Vroegsignalering I28): asked when the signal was picked up and when
    it was closed, so the programme's factsheet can pair start and closure."""
    closed = (
        Signal.objects.filter(programme__slug=EARLY, person__isnull=False, closed_at__isnull=False)
        .select_related("programme", "person")
        .order_by("pk")[:AT_MOST]
    )
    made = 0
    for signal in closed:
        assert signal.closed_at is not None
        control = rng.choice((2, 2, 3, 3, 4))
        home, buurt = rng.randint(3, 8), rng.randint(3, 8)
        start = actions.record_answers(
            coordinator, signal, moment="start", respondent="person",
            answers=_answers(rng, control, home, buurt),
        )  # fmt: skip
        _backdate(start, min(signal.closed_at, signal.received_at + dt.timedelta(days=1)))
        better = rng.random() < 0.6
        after = _answers(
            rng, min(5, control + (1 if better else 0)), min(10, home + rng.choice((0, 1, 2))),
            min(10, buurt + rng.choice((-1, 0, 1))),
        )  # fmt: skip
        closing = actions.record_answers(
            coordinator, signal, moment="closure", respondent="person", answers=after
        )
        _backdate(closing, signal.closed_at + dt.timedelta(minutes=5))
        made += 2
    return made


def _stories(
    recorder: Any, peer: Any, coordinator: Any, programme: Programme, trajectories: list[Trajectory]
) -> None:
    """Consent, then a story by the peer expert (who gets a task on the trajectory, so they
    work on it), then the story on the latest reflection session that is still open."""
    session = (
        ReflectionSession.objects.filter(programme=programme, purged_at__isnull=True)
        .order_by("-held_on")
        .first()
    )
    for trajectory, (text, codes) in zip(trajectories, STORIES, strict=False):
        if trajectory.status != TrajectoryStatus.OPEN:
            continue
        followup.add_task(
            coordinator, trajectory, title="Ervaringsgesprek",
            owner=peer, due_on=timezone.localdate() + dt.timedelta(days=7),
        )  # fmt: skip
        actions.record_consent(recorder, trajectory, given_on=timezone.localdate())
        themes = Term.objects.filter(
            vocabulary__in=[Vocabulary.THEME_POSITIVE, Vocabulary.THEME_LEARNING], code__in=codes
        )
        story = actions.write_story(peer, trajectory, text=text, themes=themes)
        if session is not None:
            learning.add_story(coordinator, session, story)
