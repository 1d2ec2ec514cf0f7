"""Consent and experience stories: no consent, no story; withdrawal removes the story and its
theme counts; the stories feed a session's top threes; every read is logged."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from grip.access.models import AccessEvent, AccessEventAction
from grip.experience import actions
from grip.experience.models import ExperienceStory, StoryConsent
from grip.learning import actions as learning
from grip.learning.models import SessionStory
from grip.learning.topthrees import reflection_top_threes
from tests.experience.helpers import held_trajectory
from tests.learning.helpers import a_session, theme

pytestmark = pytest.mark.django_db

STORY = "Ik voelde me eindelijk gehoord toen de wijkagent en de verpleegkundige samen kwamen."


@pytest.fixture
def trajectory(persona, hotspot):  # type: ignore[no-untyped-def]
    return held_trajectory(persona, hotspot)


def _story(persona, trajectory, codes=("value_of_peer_expertise",)) -> ExperienceStory:  # type: ignore[no-untyped-def]
    return actions.write_story(
        persona("peer_expert"), trajectory, text=STORY, themes=[theme(code) for code in codes]
    )


def test_without_consent_no_story_is_saved(persona, trajectory, client_for) -> None:
    with pytest.raises(ValidationError, match="toestemming"):
        _story(persona, trajectory)
    url = reverse("experience:story", kwargs={"kind": "traject", "pk": trajectory.pk})
    page = client_for("peer_expert").post(
        url, {"text": STORY, "themes": [theme("value_of_peer_expertise").pk]}
    )
    assert page.status_code == 400
    assert "toestemming" in page.content.decode()
    assert ExperienceStory.objects.count() == 0


def test_with_consent_a_peer_expert_saves_a_story(persona, trajectory, client_for) -> None:
    consent = client_for("followup_worker").post(
        reverse("experience:consent", kwargs={"kind": "traject", "pk": trajectory.pk}),
        {"given_on": timezone.localdate().isoformat(), "confirmed": "on"},
    )
    assert consent.status_code == 302
    recorded = StoryConsent.objects.get()
    assert recorded.recorded_by == persona("followup_worker")
    assert recorded.person == trajectory.person
    url = reverse("experience:story", kwargs={"kind": "traject", "pk": trajectory.pk})
    saved = client_for("peer_expert").post(
        url, {"text": STORY, "themes": [theme("value_of_peer_expertise").pk]}
    )
    assert saved.status_code == 302
    story = ExperienceStory.objects.get()
    assert story.person == trajectory.person
    assert story.consent == recorded
    # Only a peer expert writes stories.
    assert client_for("followup_worker").get(url).status_code == 403


@pytest.mark.parametrize(
    "text",
    [
        "Bel hem op 06-12345678 als het weer misgaat.",
        "Woont op 9712 AB sinds vorig jaar.",
        "Zijn BSN is 111222333.",
        "Mail naar iemand@example.org voor meer.",
    ],
)
def test_identifying_stories_are_refused(persona, trajectory, text: str) -> None:
    actions.record_consent(persona("followup_worker"), trajectory, given_on=timezone.localdate())
    with pytest.raises(ValidationError):
        actions.write_story(persona("peer_expert"), trajectory, text=text, themes=[])
    assert ExperienceStory.objects.count() == 0


def test_withdrawal_removes_the_story_and_its_theme_counts(persona, hotspot, trajectory) -> None:
    coordinator = persona("coordinator")
    consent = actions.record_consent(
        persona("followup_worker"), trajectory, given_on=timezone.localdate()
    )
    story = _story(persona, trajectory, codes=("value_of_peer_expertise", "capacity"))
    session = a_session(coordinator, hotspot)
    learning.add_story(coordinator, session, story)
    today = timezone.localdate()
    tops = reflection_top_threes(hotspot, today, today)
    assert [(row["code"], row["count"]) for row in tops["top_positive"]] == [
        ("value_of_peer_expertise", 1)
    ]
    assert [(row["code"], row["count"]) for row in tops["top_learning"]] == [("capacity", 1)]

    removed = actions.withdraw_consent(persona("followup_worker"), consent)
    assert removed == 1
    assert ExperienceStory.objects.count() == 0
    assert SessionStory.objects.count() == 0
    tops = reflection_top_threes(hotspot, today, today)
    assert tops == {"top_positive": [], "top_learning": []}
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == persona("followup_worker")
    assert AccessEvent.objects.filter(
        action=AccessEventAction.DELETE, object_id=str(story.pk),
        object_type="experience.experiencestory",
    ).exists()  # fmt: skip
    # A new consent can be given after a withdrawal; the old stories stay gone.
    actions.record_consent(persona("followup_worker"), trajectory, given_on=today)
    assert ExperienceStory.objects.count() == 0


def test_the_police_cannot_withdraw_or_read(persona, trajectory, client_for) -> None:
    consent = actions.record_consent(
        persona("followup_worker"), trajectory, given_on=timezone.localdate()
    )
    with pytest.raises(PermissionDenied):
        actions.withdraw_consent(persona("police_officer"), consent)
    url = reverse("experience:withdraw", kwargs={"pk": consent.pk})
    assert client_for("police_officer").post(url).status_code == 404
    assert StoryConsent.objects.get().withdrawn_at is None


def test_every_read_of_stories_is_logged(persona, hotspot, trajectory, client_for) -> None:
    actions.record_consent(persona("followup_worker"), trajectory, given_on=timezone.localdate())
    story = _story(persona, trajectory)
    coordinator = persona("coordinator")
    session = a_session(coordinator, hotspot)
    learning.add_story(coordinator, session, story)
    for name, url in (
        ("coordinator", reverse("experience:stories")),
        (
            "peer_expert",
            reverse("experience:overview", kwargs={"kind": "traject", "pk": trajectory.pk}),
        ),
        ("coordinator", reverse("learning:session_detail", kwargs={"pk": session.pk})),
    ):
        reads = AccessEvent.objects.filter(
            object_id=str(story.pk), action="read", object_type="experience.experiencestory"
        )
        before = reads.count()
        page = client_for(name).get(url)
        assert page.status_code == 200, url
        assert STORY in page.content.decode()
        assert reads.count() == before + 1, url
        assert reads.latest("pk").person_key == trajectory.person.display_key


def test_a_facilitator_puts_a_story_on_a_session_through_the_page(
    persona, hotspot, trajectory, client_for
) -> None:
    actions.record_consent(persona("followup_worker"), trajectory, given_on=timezone.localdate())
    story = _story(persona, trajectory)
    session = a_session(persona("coordinator"), hotspot)
    url = reverse("learning:session_action", kwargs={"pk": session.pk, "action": "verhaal"})
    assert client_for("coordinator").post(url, {"story": story.pk}).status_code == 302
    assert SessionStory.objects.get().story == story


def test_the_police_on_a_session_see_the_themes_not_the_text(
    persona, hotspot, trajectory, client_for
) -> None:
    actions.record_consent(persona("followup_worker"), trajectory, given_on=timezone.localdate())
    story = _story(persona, trajectory)
    session = a_session(persona("coordinator"), hotspot)
    learning.add_story(persona("coordinator"), session, story)
    page = client_for("police_officer").get(
        reverse("learning:session_detail", kwargs={"pk": session.pk})
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert STORY not in html
    assert theme("value_of_peer_expertise").display_label in html
    assert not AccessEvent.objects.filter(
        user=persona("police_officer"), object_type="experience.experiencestory"
    ).exists()
