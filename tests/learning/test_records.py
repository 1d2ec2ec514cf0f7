"""Correcting and removing a session's turning points, outcomes and agreed actions: the
facilitator only, on the version the page was opened on (ADR 0005), every change logged."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grip.access.models import AccessEvent
from grip.learning import actions, corrections, views_records
from grip.learning.models import (
    AgreedAction,
    OutcomeKind,
    ReflectionSession,
    ReviewDecision,
    SessionOutcome,
    TurningPoint,
)
from grip.learning.topthrees import reflection_top_threes
from tests.learning.helpers import a_session, orgs, response_with, theme
from tests.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db
D = dt.date

# The session's participants (police, Lentis, WIJ) see it but may not change it; everyone
# else does not find it at all, the outsider (a coordinator elsewhere) included.
EDIT_PAGE = dict.fromkeys(PERSONA_NAMES, 404) | {
    "police_officer": 403, "triage_nurse": 403, "followup_worker": 403, "coordinator": 200,
}  # fmt: skip
REMOVE = EDIT_PAGE | {"coordinator": 302}


@dataclass
class Records:
    session: ReflectionSession
    point: TurningPoint
    outcome: SessionOutcome
    agreed: AgreedAction


@pytest.fixture
def records(persona, hotspot) -> Records:
    coordinator = persona("coordinator")
    response = response_with(coordinator, hotspot, bottlenecks=("no_bed",))
    session = a_session(coordinator, hotspot, picks=(f"r:{response.pk}",))
    point = actions.add_turning_point(
        coordinator, session.cases.get(), occurred_on=D(2025, 10, 1),
        what_happened="Bed gevonden na drie dagen.", effect="mixed", for_whom=["person"],
        themes=[theme("capacity")],
    )  # fmt: skip
    outcome = actions.add_outcome(
        coordinator, session, kind=OutcomeKind.LEARNING, theme=theme("capacity"),
        text="Te weinig bedden.",
    )  # fmt: skip
    agreed = actions.agree_action(
        coordinator, session, description="Beddentekort agenderen", owner=orgs("lentis")[0],
        due_on=timezone.localdate() + dt.timedelta(days=30),
    )  # fmt: skip
    return Records(session, point, outcome, agreed)


def _point_form(r: Records) -> dict[str, Any]:
    return {"occurred_on": "2025-10-02", "what_happened": "Bed gevonden na twee dagen.",
            "effect": "worked", "for_whom": ["person", "professionals"],
            "themes": [theme("short_lines_with_partners").pk]}  # fmt: skip


def _outcome_form(r: Records) -> dict[str, Any]:
    return {"kind": "learning", "theme": theme("information_sharing").pk,
            "text": "Informatie kwam te laat."}  # fmt: skip


def _action_form(r: Records) -> dict[str, Any]:
    return {"description": "Beddentekort agenderen bij het zorgoverleg",
            "owner": orgs("wij-groningen")[0].pk, "due_on": "2026-03-01"}  # fmt: skip


# kind (as the URL names start) -> (its record, a valid correction of it)
KINDS: dict[str, tuple[Callable[[Records], Any], Callable[[Records], dict[str, Any]]]] = {
    "turning_point": (lambda r: r.point, _point_form),
    "outcome": (lambda r: r.outcome, _outcome_form),
    "agreed_action": (lambda r: r.agreed, _action_form),
}


def _record(kind: str, r: Records) -> Any:
    return KINDS[kind][0](r)


def _url(kind: str, what: str, r: Records) -> str:
    record = _record(kind, r)
    return reverse(f"learning:{kind}_{what}", args=[r.session.pk, record.pk])


def _form(kind: str, r: Records, /, **changes: Any) -> dict[str, Any]:
    record = _record(kind, r)
    return {**KINDS[kind][1](r), "version": record.version, **changes}


def _reload(kind: str, r: Records) -> Any:
    record = _record(kind, r)
    return type(record).objects.filter(pk=record.pk).first()


# --- correcting ------------------------------------------------------------------------------


def test_correcting_a_turning_point(client_for, persona, records) -> None:
    client = client_for("coordinator")
    url = _url("turning_point", "edit", records)
    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert records.point.case.key in content  # the case stays: named, not chosen
    assert 'name="case"' not in content
    answer = client.post(url, _form("turning_point", records))
    assert answer.status_code == 302
    assert answer["Location"].endswith("#casussen")
    point = TurningPoint.objects.get(pk=records.point.pk)
    assert (point.occurred_on, point.what_happened, point.effect, point.version) == (
        D(2025, 10, 2), "Bed gevonden na twee dagen.", "worked", 2,
    )  # fmt: skip
    assert point.for_whom == ["betrokkene", "professionals"]
    assert [t.code for t in point.themes.all()] == ["short_lines_with_partners"]
    assert point.case == records.point.case
    key = records.point.case.person.display_key
    changed = AccessEvent.objects.get(action="update", purpose="learning:turning-point")
    assert (changed.object_id, changed.person_key) == (str(point.pk), key)
    # The page showed the turning point and its case: a read by the case's person key.
    read = AccessEvent.objects.get(action="read", purpose="learning:turning-point-form")
    assert (read.object_id, read.person_key) == (str(point.pk), key)


def test_a_corrected_theme_moves_the_top_threes(client_for, records, hotspot) -> None:
    today = timezone.localdate()
    period = (hotspot, today - dt.timedelta(days=30), today)

    def learning_codes() -> set[str]:
        return {theme["code"] for theme in reflection_top_threes(*period)["top_learning"]}

    assert learning_codes() == {"capacity"}
    client = client_for("coordinator")
    corrected = client.post(_url("outcome", "edit", records), _form("outcome", records))
    assert corrected.status_code == 302
    assert learning_codes() == {"capacity", "information_sharing"}  # the turning point's
    positive = {"themes": [theme("short_lines_with_partners").pk]}
    client.post(_url("turning_point", "edit", records), _form("turning_point", records, **positive))
    assert learning_codes() == {"information_sharing"}
    top_positive = reflection_top_threes(*period)["top_positive"]
    assert [t["code"] for t in top_positive] == ["short_lines_with_partners"]
    outcome = SessionOutcome.objects.get(pk=records.outcome.pk)
    assert (outcome.theme.code, outcome.text, outcome.version) == (
        "information_sharing", "Informatie kwam te laat.", 2,
    )  # fmt: skip
    assert AccessEvent.objects.filter(action="update", purpose="learning:outcome").count() == 1


def test_correcting_an_agreed_action(client_for, records) -> None:
    page = client_for("coordinator").post(
        _url("agreed_action", "edit", records), _form("agreed_action", records)
    )
    assert page.status_code == 302
    agreed = AgreedAction.objects.get(pk=records.agreed.pk)
    assert (agreed.description, agreed.owner.slug, agreed.due_on, agreed.version) == (
        "Beddentekort agenderen bij het zorgoverleg", "wij-groningen", D(2026, 3, 1), 2,
    )  # fmt: skip
    assert agreed.status == "open"  # the status follows the reviews, not this form
    changed = AccessEvent.objects.get(action="update", purpose="learning:action")
    assert changed.object_id == str(agreed.pk)


def test_an_outcome_theme_must_fit_its_kind(client_for, records) -> None:
    data = _form("outcome", records, kind="positive")  # information_sharing is a learning theme
    page = client_for("coordinator").post(_url("outcome", "edit", records), data)
    assert page.status_code == 400
    assert "Dit thema hoort niet bij deze soort uitkomst." in page.content.decode()
    assert SessionOutcome.objects.get(pk=records.outcome.pk).version == 1


# --- concurrent edits ------------------------------------------------------------------------


def _others_point(user: Any, r: Records) -> Any:
    return corrections.change_turning_point(
        user, r.point, expected_version=1, occurred_on=D(2025, 9, 30),
        what_happened="Volgens de ander: bed na vier dagen.", effect="did_not_work",
        for_whom=[], themes=[theme("capacity")],
    )  # fmt: skip


def _others_outcome(user: Any, r: Records) -> Any:
    return corrections.change_outcome(
        user, r.outcome, expected_version=1, kind=OutcomeKind.LEARNING,
        theme=theme("structural_bottlenecks"), text="Volgens de ander: structureel.",
    )  # fmt: skip


def _others_action(user: Any, r: Records) -> Any:
    return corrections.change_agreed_action(
        user, r.agreed, expected_version=1, description="Volgens de ander: bij de wethouder",
        owner=orgs("lentis")[0], due_on=D(2026, 2, 1),
    )  # fmt: skip


# What someone else saves while the page is open.
OTHERS_SAVE = {
    "turning_point": _others_point,
    "outcome": _others_outcome,
    "agreed_action": _others_action,
}
TYPED = {
    "turning_point": "Bed gevonden na twee dagen.",
    "outcome": "Informatie kwam te laat.",
    "agreed_action": "Beddentekort agenderen bij het zorgoverleg",
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_stale_version_is_a_conflict_that_keeps_the_input(
    client_for, persona, records, kind: str
) -> None:
    client = client_for("coordinator")
    url = _url(kind, "edit", records)
    opened = _form(kind, records)  # the page was opened on version 1 ...
    OTHERS_SAVE[kind](persona("coordinator"), records)  # ... and someone saved meanwhile
    before = AccessEvent.objects.filter(action="read").count()
    page = client.post(url, opened)
    assert page.status_code == 409
    content = page.content.decode()
    assert "Niet opgeslagen: iemand anders heeft dit intussen gewijzigd." in content
    assert "Volgens de ander" in content  # what the other saved
    assert TYPED[kind] in content  # what the user typed, still in the form
    assert page.context["form"]["version"].value() == "2"  # saving again is deliberate
    saved = _reload(kind, records)
    assert saved.version == 2
    assert TYPED[kind] not in str(vars(saved))  # nothing of the stale save was written
    assert AccessEvent.objects.filter(action="update").count() == 1  # the other's save only
    assert AccessEvent.objects.filter(action="read").count() == before + 1  # shown again
    # Saving again on the version shown overwrites, as a choice made after seeing it.
    again = client.post(url, {**opened, "version": 2})
    assert again.status_code == 302
    assert _reload(kind, records).version == 3


def test_a_review_after_the_page_opened_is_a_conflict_too(client_for, persona, records) -> None:
    coordinator = persona("coordinator")
    later = a_session(
        coordinator, records.session.programme, held_on=timezone.localdate() + dt.timedelta(7)
    )
    opened = _form("agreed_action", records, due_on=records.agreed.due_on.isoformat())
    actions.review_action(
        coordinator, later, records.agreed, decision=ReviewDecision.CARRIED_OVER,
        new_due_on=D(2026, 6, 1),
    )  # fmt: skip
    page = client_for("coordinator").post(_url("agreed_action", "edit", records), opened)
    assert page.status_code == 409
    assert AgreedAction.objects.get(pk=records.agreed.pk).due_on == D(2026, 6, 1)


def test_a_version_that_is_missing_or_mangled_is_a_conflict(client_for, records) -> None:
    client = client_for("coordinator")
    url = _url("outcome", "edit", records)
    for version in ("", "abc", "99999999999999999999", "-1"):
        page = client.post(url, _form("outcome", records, version=version))
        assert page.status_code == 409, version
    assert SessionOutcome.objects.get(pk=records.outcome.pk).version == 1


def test_a_record_removed_meanwhile_is_said_so(client_for, persona, records, monkeypatch) -> None:
    client = client_for("coordinator")
    url = _url("outcome", "edit", records)
    opened = _form("outcome", records)
    corrections.remove_outcome(persona("coordinator"), records.outcome, expected_version=1)
    # Removed before the page was posted: not found, as any record that does not exist.
    assert client.post(url, opened).status_code == 404
    # Removed between finding it and saving it: the save says so on the session page.
    monkeypatch.setattr(
        views_records, "_found", lambda request, kind, s, pk: (records.session, records.outcome)
    )
    page = client.post(url, opened, follow=True)
    assert page.redirect_chain[-1][1] == 302
    assert "iemand anders heeft dit intussen verwijderd" in page.content.decode()


# --- refused input ---------------------------------------------------------------------------

REFUSED = {
    "turning_point": ("what_happened", ""),
    "outcome": ("theme", ""),
    "agreed_action": ("due_on", "2026-02-30"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_invalid_input_is_refused_next_to_the_field(client_for, records, kind: str) -> None:
    field, value = REFUSED[kind]
    page = client_for("coordinator").post(
        _url(kind, "edit", records), _form(kind, records, **{field: value})
    )
    assert page.status_code == 400
    errors = page.context["form"].errors[field]
    assert errors
    assert errors[0] in ("Dit veld is verplicht.", "Voer een geldige datum in.")
    content = page.content.decode()
    assert f'id="id_{field}_error"' in content  # next to the field, tied to it
    assert errors[0] in content
    assert _reload(kind, records).version == 1
    assert not AccessEvent.objects.filter(action="update").exists()


def test_identifying_free_text_is_refused(client_for, records) -> None:
    data = _form("turning_point", records, what_happened="BSN 111222333 belde.")
    page = client_for("coordinator").post(_url("turning_point", "edit", records), data)
    assert page.status_code == 400
    assert "identificerende gegevens" in page.content.decode()
    assert TurningPoint.objects.get(pk=records.point.pk).what_happened.startswith("Bed gevonden")


def test_a_retired_theme_on_the_record_may_stay_but_not_be_chosen(client_for, records) -> None:
    capacity = theme("capacity")
    capacity.retired_at = timezone.now()
    capacity.save()
    client = client_for("coordinator")
    # The outcome carries it: shown, and kept on saving.
    page = client.get(_url("outcome", "edit", records))
    assert "capaciteit (leerpunt; buiten gebruik)" in page.content.decode()
    kept = client.post(
        _url("outcome", "edit", records), _form("outcome", records, theme=capacity.pk, text="Nu.")
    )
    assert kept.status_code == 302
    assert SessionOutcome.objects.get(pk=records.outcome.pk).text == "Nu."
    # Another outcome, without it: the retired theme is not offered, and cannot be posted.
    other = actions.add_outcome(
        records.session.facilitator, records.session, kind=OutcomeKind.LEARNING,
        theme=theme("information_sharing"), text="",
    )  # fmt: skip
    url = reverse("learning:outcome_edit", args=[records.session.pk, other.pk])
    assert "buiten gebruik" not in client.get(url).content.decode()
    refused = client.post(url, {"kind": "learning", "theme": capacity.pk, "version": 1})
    assert refused.status_code == 400
    assert "Selecteer een geldige keuze" in refused.content.decode()
    with pytest.raises(ValidationError):  # also when the form is bypassed
        corrections.change_outcome(
            records.session.facilitator, other, expected_version=1,
            kind=OutcomeKind.LEARNING, theme=capacity, text="",
        )  # fmt: skip


# --- removing --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_removing_a_record(client_for, records, kind: str) -> None:
    record = _record(kind, records)
    client = client_for("coordinator")
    url = _url(kind, "remove", records)
    # Without the confirmation nothing goes: the edit page again, the reason at the checkbox.
    unsure = client.post(url, {"version": record.version})
    assert unsure.status_code == 400
    assert "Vink &#x27;Ik weet het zeker&#x27; aan om te verwijderen." in unsure.content.decode()
    assert _reload(kind, records) is not None
    answer = client.post(url, {"version": record.version, "sure": "on"})
    assert answer.status_code == 302
    assert _reload(kind, records) is None
    removed = AccessEvent.objects.get(action="delete")
    assert removed.object_id == str(record.pk)
    if kind == "turning_point":
        assert removed.person_key == records.point.case.person.display_key


def test_a_removed_theme_leaves_the_top_threes(client_for, records, hotspot) -> None:
    today = timezone.localdate()
    client = client_for("coordinator")
    for kind in ("outcome", "turning_point"):
        client.post(_url(kind, "remove", records), {"version": 1, "sure": "on"})
    top = reflection_top_threes(hotspot, today - dt.timedelta(days=30), today)
    assert top["top_learning"] == []


def test_removing_a_changed_record_is_a_conflict(client_for, persona, records) -> None:
    OTHERS_SAVE["outcome"](persona("coordinator"), records)
    page = client_for("coordinator").post(
        _url("outcome", "remove", records), {"version": 1, "sure": "on"}
    )
    assert page.status_code == 409
    content = page.content.decode()
    assert "Niet verwijderd: iemand anders heeft dit intussen gewijzigd." in content
    assert "Volgens de ander" in content
    assert page.context["confirm"]["version"].value() == "2"
    assert SessionOutcome.objects.filter(pk=records.outcome.pk).exists()


def test_a_reviewed_action_cannot_be_removed(client_for, persona, records) -> None:
    coordinator = persona("coordinator")
    later = a_session(
        coordinator, records.session.programme, held_on=timezone.localdate() + dt.timedelta(7)
    )
    actions.review_action(coordinator, later, records.agreed, decision=ReviewDecision.CARRIED_OVER)
    client = client_for("coordinator")
    stays = "Deze actie is al opgevolgd in een latere sessie en blijft daarom bewaard."
    page = client.get(_url("agreed_action", "edit", records))
    assert stays in page.content.decode()  # said before anyone tries
    assert _url("agreed_action", "remove", records) not in page.content.decode()
    version = AgreedAction.objects.get(pk=records.agreed.pk).version
    refused = client.post(
        _url("agreed_action", "remove", records), {"version": version, "sure": "on"}
    )
    assert refused.status_code == 400
    assert stays in refused.content.decode()
    agreed = AgreedAction.objects.get(pk=records.agreed.pk)
    assert (agreed.version, agreed.reviews.count()) == (version, 1)
    assert not AccessEvent.objects.filter(action="delete").exists()


def test_actions_refuse_a_stale_or_reviewed_removal(persona, records) -> None:
    coordinator = persona("coordinator")
    with pytest.raises(corrections.EditConflict) as clash:
        corrections.remove_turning_point(coordinator, records.point, expected_version=7)
    assert clash.value.current == records.point
    later = a_session(
        coordinator, records.session.programme, held_on=timezone.localdate() + dt.timedelta(7)
    )
    actions.review_action(coordinator, later, records.agreed, decision=ReviewDecision.DROPPED)
    with pytest.raises(ValidationError):
        corrections.remove_agreed_action(coordinator, records.agreed, expected_version=2)
    assert AgreedAction.objects.filter(pk=records.agreed.pk).exists()
    with pytest.raises(PermissionDenied):
        corrections.remove_outcome(persona("triage_nurse"), records.outcome, expected_version=1)


# --- who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_edit_pages_per_persona(client_for, records, kind: str, name: str) -> None:
    client = client_for(name)
    url = _url(kind, "edit", records)
    assert client.get(url).status_code == EDIT_PAGE[name]
    posted = client.post(url, _form(kind, records))
    assert posted.status_code == REMOVE[name]
    assert (_reload(kind, records).version == 2) is (REMOVE[name] == 302)


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_removal_per_persona(client_for, records, kind: str, name: str) -> None:
    page = client_for(name).post(_url(kind, "remove", records), {"version": 1, "sure": "on"})
    assert page.status_code == REMOVE[name]
    assert (_reload(kind, records) is None) is (REMOVE[name] == 302)


def test_a_record_of_another_session_is_not_found(client_for, persona, records) -> None:
    other = a_session(persona("coordinator"), records.session.programme)
    client = client_for("coordinator")
    for kind in KINDS:
        record = _record(kind, records)
        assert (
            client.get(reverse(f"learning:{kind}_edit", args=[other.pk, record.pk])).status_code
            == 404
        )
        assert (
            client.post(
                reverse(f"learning:{kind}_remove", args=[other.pk, record.pk]),
                {"version": 1, "sure": "on"},
            ).status_code
            == 404
        )
    assert _reload("outcome", records) is not None


def test_removal_is_post_only(client_for, records) -> None:
    for kind in KINDS:
        assert client_for("coordinator").get(_url(kind, "remove", records)).status_code == 405


def test_only_the_facilitator_sees_the_edit_links(client_for, records) -> None:
    url = reverse("learning:session_detail", args=[records.session.pk])
    facilitator = client_for("coordinator").get(url).content.decode()
    participant = client_for("triage_nurse").get(url).content.decode()
    for kind in KINDS:
        assert _url(kind, "edit", records) in facilitator
        assert _url(kind, "edit", records) not in participant


def test_each_edit_link_names_its_record_for_a_screen_reader(client_for, records) -> None:
    """A list of links that all read "Wijzigen" says nothing out of context (WCAG 2.4.4): each
    link's accessible name says which record it changes, and keeps its visible word (2.5.3)."""
    url = reverse("learning:session_detail", args=[records.session.pk])
    page = client_for("coordinator").get(url).content.decode()
    names = re.findall(r'<a href="[^"]*/wijzigen/" aria-label="([^"]*)">Wijzigen</a>', page)
    assert len(names) >= len(KINDS)
    assert len(set(names)) == len(names)
    assert all("wijzigen: " in name for name in names)


# --- a session past retention ------------------------------------------------------------------

PURGED = "is na haar bewaartermijn geanonimiseerd en kan niet meer worden gewijzigd"
ANCHORS = {"turning_point": "casussen", "outcome": "uitkomsten", "agreed_action": "acties"}


def _purge(r: Records) -> None:
    # What the retention purge sets (tests/retention/test_reflection.py runs the purge itself).
    ReflectionSession.objects.filter(pk=r.session.pk).update(purged_at=timezone.now())


def test_a_purged_session_page_says_so_and_offers_no_changes(client_for, records) -> None:
    _purge(records)
    url = reverse("learning:session_detail", args=[records.session.pk])
    page = client_for("coordinator").get(url).content.decode()
    assert PURGED in page
    assert "/wijzigen/" not in page
    posts_to = re.findall(r'<form method="post" action="([^"]*)"', page)
    assert posts_to  # the header's (log out, language): the page itself has none
    assert not [action for action in posts_to if "/sessies/" in action]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_purged_sessions_records_cannot_be_corrected_or_removed(
    client_for, records, kind: str
) -> None:
    _purge(records)
    client = client_for("coordinator")
    opened = client.get(_url(kind, "edit", records), follow=True)
    assert opened.redirect_chain[-1][0].endswith(f"#{ANCHORS[kind]}")
    assert PURGED in opened.content.decode()
    before = _reload(kind, records).version
    for what, data in (("edit", _form(kind, records)),
                       ("remove", {"version": before, "sure": "on"})):  # fmt: skip
        refused = client.post(_url(kind, what, records), data)
        assert refused.status_code == 400
        assert PURGED in refused.content.decode()
    assert _reload(kind, records).version == before


def test_a_purged_session_takes_nothing_new(persona, records) -> None:
    _purge(records)
    session = ReflectionSession.objects.get(pk=records.session.pk)
    coordinator = persona("coordinator")
    attempts = (
        lambda: actions.add_outcome(
            coordinator, session, kind=OutcomeKind.LEARNING, theme=theme("capacity"), text="Nieuw."
        ),
        lambda: actions.add_turning_point(
            coordinator,
            session.cases.get(),
            occurred_on=D(2025, 10, 3),
            what_happened="Nieuw.",
            effect="worked",
            for_whom=[],
            themes=[],
        ),
        lambda: actions.agree_action(
            coordinator,
            session,
            description="Nieuw.",
            owner=orgs("lentis")[0],
            due_on=D(2026, 1, 1),
        ),
        lambda: actions.change_session(
            coordinator,
            session,
            held_on=session.held_on,
            topic="x",
            facilitator=coordinator,
            organisations=[],
        ),
    )
    for attempt in attempts:
        with pytest.raises(ValidationError, match="bewaartermijn"):
            attempt()
    assert SessionOutcome.objects.filter(session=session).count() == 1


# --- queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_edit_pages_keep_their_queries_few(
    client_for, records, kind: str, django_assert_max_num_queries
) -> None:
    client = client_for("coordinator")
    url = _url(kind, "edit", records)
    client.get(url)  # warm the session caches
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_a_turning_point_page_does_not_grow_with_its_themes(client_for, records) -> None:
    client = client_for("coordinator")
    url = _url("turning_point", "edit", records)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    records.point.themes.set(
        [theme(code) for code in ("capacity", "information_sharing", "revolving_door_cases")]
    )
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)
