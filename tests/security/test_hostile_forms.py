"""Every form, posted with hostile and arbitrary values through its real view as a persona
allowed to use it: never a server error, a refused form writes nothing, and what is stored
comes back inert (escaped) in the page.

The forms are found on the rendered pages themselves (``page_forms``), so a field added to a
form is fuzzed without touching this file; a page with a new form is added to ``PAGES``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from grip.learning.actions import add_outcome, add_turning_point, agree_action, save_cycle
from grip.learning.models import OutcomeKind
from grip.learning.models import Phase as CyclePhase
from grip.monitor.actions import add_note
from grip.people.models import MatchReason, MatchSuggestion
from grip.triage.models import Response
from tests.factories import IncidentFactory, PersonFactory
from tests.followup.helpers import a_trajectory, org
from tests.learning.helpers import a_session, orgs, response_with, theme
from tests.people.conftest import identity_writers as identity_writers
from tests.security.hostile import (
    assert_descriptions_resolve,
    assert_inert,
    page_forms,
    row_counts,
    values_for,
)
from tests.triage.test_responses import a_response

pytestmark = pytest.mark.django_db

# Forms in the page frame (log out, language) are not the page's own.
FRAME_ACTIONS = ("/uitloggen/", "/i18n/")
# page -> the persona allowed to use its forms
PAGES = {
    "incident_create": "coordinator",
    "incident_list": "coordinator",
    "response_create": "triage_nurse",
    "response_edit": "triage_nurse",
    "response_list": "coordinator",
    "trajectory_detail": "followup_worker",
    "trajectory_open": "coordinator",
    "overview": "coordinator",
    "revolving": "coordinator",
    "person_detail": "coordinator",
    "match_list": "coordinator",
    "export_download": "coordinator",
    "import_upload": "coordinator",
    # learning: the coordinator facilitates the Hotspot's sessions
    "cycle_new": "coordinator",
    "cycle_edit": "coordinator",
    "session_new": "coordinator",
    "session_edit": "coordinator",
    "session_detail": "coordinator",
    "turning_point_edit": "coordinator",
    "outcome_edit": "coordinator",
    "agreed_action_edit": "coordinator",
    "top_threes": "coordinator",
    "bottlenecks": "coordinator",
    "what_works": "coordinator",
    # monitor
    "factsheet": "coordinator",
    "compare": "coordinator",
    "dashboard": "coordinator",
    "notes": "coordinator",
    "research_export": "analyst",
    # access
    "log_search": "privacy_officer",
    "break_glass": "triage_nurse",
}
# No shrinking: a 1 MB value makes it take minutes; the failing example is printed as drawn.
SETTINGS = settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture
def page_urls(persona, hotspot, identity_writers) -> dict[str, str]:  # type: ignore[no-untyped-def]
    # Every persona is made here, outside the examples' rolled-back transactions: one made
    # inside the first example would be gone (but remembered) in the next.
    for name in set(PAGES.values()):
        persona(name)
    nurse = persona("triage_nurse")
    response: Response = a_response(nurse)
    awaiting = IncidentFactory(
        programme=hotspot, reported_at=timezone.now() - dt.timedelta(hours=1)
    )
    trajectory = a_trajectory(
        persona("coordinator"),
        hotspot,
        case_organisation=org("wij-groningen"),
        case_holder=persona("followup_worker"),
    )
    first, second = PersonFactory(programmes=[hotspot]), PersonFactory(programmes=[hotspot])
    MatchSuggestion.objects.create(
        person_a=first, person_b=second, reason=MatchReason.NAME_YEAR_OTHER_BSN
    )
    return {
        "incident_create": reverse("intake:incident_create"),
        "incident_list": reverse("intake:incident_list"),
        "response_create": reverse("triage:response_create", args=[awaiting.pk]),
        "response_edit": reverse("triage:response_edit", args=[response.pk]),
        "response_list": reverse("triage:response_list"),
        "trajectory_detail": reverse("followup:trajectory_detail", args=[trajectory.pk]),
        "trajectory_open": reverse("followup:open_from_incident", args=[awaiting.pk]),
        "overview": reverse("followup:overview"),
        "revolving": reverse("followup:revolving"),
        "person_detail": reverse("people:person_detail", args=[first.display_key]),
        "match_list": reverse("people:match_list"),
        "export_download": reverse("triage:export_download"),
        "import_upload": reverse("triage:import_upload"),
        **_learning_urls(persona("coordinator"), hotspot),
        **_monitor_urls(persona("coordinator"), hotspot),
        "log_search": reverse("access:log_search"),
        "break_glass": reverse("access:break_glass"),
    }


def _learning_urls(coordinator: Any, hotspot: Any) -> dict[str, str]:
    today = timezone.localdate()
    cycle = save_cycle(
        coordinator, hotspot, number=1, phase=CyclePhase.EXECUTION, description="Cyclus",
        starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=60),
    )  # fmt: skip
    # A response with a bottleneck: a case to pick, a line on the bottleneck page.
    response = response_with(coordinator, hotspot, bottlenecks=("no_bed",))
    # An action agreed in an earlier session: the follow-up form shows on today's session.
    earlier = a_session(coordinator, hotspot, held_on=today - dt.timedelta(days=14))
    agree_action(
        coordinator, earlier, description="Eerdere actie", owner=org("lentis"),
        due_on=today + dt.timedelta(days=7),
    )  # fmt: skip
    session = a_session(coordinator, hotspot, picks=(f"r:{response.pk}",))
    # One of each record the session page lists: their edit pages carry the correction form
    # and the removal form.
    point = add_turning_point(
        coordinator, session.cases.get(), occurred_on=today, what_happened="Kantelmoment",
        effect="worked", for_whom=[], themes=[theme("capacity")],
    )  # fmt: skip
    outcome = add_outcome(
        coordinator, session, kind=OutcomeKind.LEARNING, theme=theme("capacity"), text="Leerpunt"
    )
    agreed = agree_action(
        coordinator, session, description="Actie", owner=orgs("lentis")[0], due_on=today,
    )  # fmt: skip
    slug = hotspot.slug
    return {
        "cycle_new": reverse("learning:cycle_new", args=[slug]),
        "cycle_edit": reverse("learning:cycle_edit", args=[slug, cycle.pk]),
        "session_new": reverse("learning:session_new", args=[slug]),
        "session_edit": reverse("learning:session_edit", args=[session.pk]),
        "session_detail": reverse("learning:session_detail", args=[session.pk]),
        "turning_point_edit": reverse("learning:turning_point_edit", args=[session.pk, point.pk]),
        "outcome_edit": reverse("learning:outcome_edit", args=[session.pk, outcome.pk]),
        "agreed_action_edit": reverse("learning:agreed_action_edit", args=[session.pk, agreed.pk]),
        "top_threes": reverse("learning:top_threes", args=[slug]),
        "bottlenecks": reverse("learning:bottlenecks", args=[slug]),
        "what_works": reverse("learning:what_works", args=[slug]),
    }


def _monitor_urls(coordinator: Any, hotspot: Any) -> dict[str, str]:
    today = timezone.localdate()
    # Two notes: the change, move and remove forms show as well as the add form.
    date_from = today - dt.timedelta(days=30)
    for text in ("Wist je dat een", "Wist je dat twee"):
        add_note(coordinator, hotspot, date_from, today, text)
    scope = urlencode({"programme": hotspot.slug, "date_from": date_from, "date_to": today})
    return {
        "factsheet": reverse("monitor:factsheet"),
        "compare": reverse("monitor:compare"),
        "dashboard": reverse("monitor:dashboard"),
        "notes": f"{reverse('monitor:notes')}?{scope}",
        "research_export": reverse("research:export"),
    }


@pytest.mark.parametrize("page", sorted(PAGES))
@SETTINGS
@given(data=st.data())
def test_hostile_values_never_break_a_form(
    page: str,
    page_urls: dict[str, str],
    client_for: Callable[[str], Any],
    data: st.DataObject,
) -> None:
    # Each example starts from the same state (a merge or a close would take the form away
    # from the next one): its writes are rolled back at its end.
    with transaction.atomic():
        _post_hostile(page, page_urls[page], client_for(PAGES[page]), data)
        transaction.set_rollback(True)


def _post_hostile(page: str, url: str, client: Any, data: st.DataObject) -> None:
    shown = client.get(url)
    assert shown.status_code == 200, f"{page}: {PAGES[page]} may not open {url}"
    assert_descriptions_resolve(shown.content.decode())
    forms = [
        form
        for form in page_forms(shown.content.decode())
        if not form.action.startswith(FRAME_ACTIONS)
    ]
    assert forms, f"{page}: no form found"
    form = data.draw(st.sampled_from(forms), label="form")
    values = data.draw(values_for(form), label="values")
    payload: dict[str, Any] = {**form.hidden, **{k: v for k, v in values.items() if v}}
    target = form.action or url
    before = row_counts()
    send = client.post if form.method == "post" else client.get
    answer = send(target, payload)
    # Refused input is a page with Dutch errors (400; 200 for a search or filter form, whose
    # page shows anyway, and for an upload's row report), a 403/404 for a choice outside the
    # persona's scope (a hostile programme slug), or a redirect after success.
    assert answer.status_code in (200, 302, 400, 403, 404), (page, answer.status_code)
    if form.method == "post" and answer.status_code != 302:
        assert row_counts() == before, f"{page}: a refused form wrote something"
    assert_inert(_text(answer))
    assert_descriptions_resolve(_text(answer))  # the errors shown are tied to their fields
    if answer.status_code == 302:
        followed = client.get(answer["Location"])
        assert followed.status_code < 500
        assert_inert(_text(followed))


def _text(answer: Any) -> str:
    if getattr(answer, "streaming", False):  # the export: CSV, no markup to escape
        b"".join(answer.streaming_content)  # produced in full: no error half-way
        return ""
    return str(answer.content.decode(errors="replace"))
