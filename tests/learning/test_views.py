"""Every learning screen for every persona: facilitator, participants, outsiders."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grip.access.models import AccessEvent
from grip.learning import actions
from grip.learning.models import OutcomeKind, ReflectionSession, SessionOutcome
from grip.learning.planning import load_planned_cycles
from tests.learning.helpers import a_session, response_with, theme
from tests.pdf_support import require_pdf
from tests.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

HOTSPOT = "groninger-hotspot"
ALL_200 = dict.fromkeys(PERSONA_NAMES, 200)
INDEX = ALL_200 | {"privacy_officer": 403, "administrator": 403}
PROGRAMME = ALL_200 | {"privacy_officer": 403, "administrator": 404, "outsider": 404}
# The session's participants are the police, Lentis and WIJ; InBegrepen (the peer expert) and
# the municipality's analyst and privacy officer are not, the outsider is of another programme.
SESSION = {"police_officer": 200, "triage_nurse": 200, "followup_worker": 200,
           "peer_expert": 404, "coordinator": 200, "analyst": 404, "privacy_officer": 404,
           "administrator": 404, "outsider": 404}  # fmt: skip
WRITE = SESSION | {"police_officer": 403, "triage_nurse": 403, "followup_worker": 403,
                   "coordinator": 302}  # fmt: skip
FACILITATOR_PAGE = dict.fromkeys(PERSONA_NAMES, 403) | {
    "coordinator": 200, "administrator": 404, "outsider": 404,
}  # fmt: skip
TOP_THREES = PROGRAMME | {"analyst": 403}
WHAT_WORKS = PROGRAMME | {"peer_expert": 403}
PACK = SESSION | {"police_officer": 403, "triage_nurse": 403, "followup_worker": 403}


@pytest.fixture
def session(persona, hotspot) -> ReflectionSession:
    coordinator = persona("coordinator")
    response = response_with(coordinator, hotspot, bottlenecks=("no_bed",), follow_up_needed=True)
    made = a_session(coordinator, hotspot, picks=(f"r:{response.pk}",))
    transparency = theme("transparency_on_safety")
    actions.add_outcome(
        coordinator, made, kind=OutcomeKind.POSITIVE, theme=transparency, text="Open."
    )
    return made


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_learning_index(client_for, name: str) -> None:
    assert client_for(name).get(reverse("learning:index")).status_code == INDEX[name]


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_programme_learning_page(client_for, session, name: str) -> None:
    page = client_for(name).get(reverse("learning:programme", args=[HOTSPOT]))
    assert page.status_code == PROGRAMME[name]
    if page.status_code == 200:
        listed = reverse("learning:session_detail", args=[session.pk]) in page.content.decode()
        assert listed is (SESSION[name] == 200)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_session_detail(client_for, session, name: str) -> None:
    page = client_for(name).get(reverse("learning:session_detail", args=[session.pk]))
    assert page.status_code == SESSION[name]


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_recording_an_outcome(client_for, session, name: str) -> None:
    url = reverse("learning:session_action", args=[session.pk, "uitkomst"])
    data = {"kind": "learning", "theme": theme("capacity").pk, "text": "Te weinig handen."}
    page = client_for(name).post(url, data)
    assert page.status_code == WRITE[name]
    assert SessionOutcome.objects.filter(theme__code="capacity").exists() is (WRITE[name] == 302)


@pytest.mark.parametrize(
    "url_name", ["learning:session_new", "learning:bottlenecks", "learning:cycle_new"]
)
@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_facilitator_pages(client_for, hotspot, url_name: str, name: str) -> None:
    page = client_for(name).get(reverse(url_name, args=[HOTSPOT]))
    assert page.status_code == FACILITATOR_PAGE[name]


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_top_threes_page(client_for, session, name: str) -> None:
    page = client_for(name).get(reverse("learning:top_threes", args=[HOTSPOT]))
    assert page.status_code == TOP_THREES[name]
    if page.status_code == 200:
        assert "veiligheid en vertrouwen door transparantie" in page.content.decode()


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_what_works_page(client_for, session, name: str) -> None:
    page = client_for(name).get(reverse("learning:what_works", args=[HOTSPOT]))
    assert page.status_code == WHAT_WORKS[name]
    if page.status_code == 200:
        assert "samenhang, geen bewijs" in page.content.decode()


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_review_pack(client_for, session, name: str) -> None:
    if PACK[name] == 200:
        require_pdf()
    page = client_for(name).get(reverse("learning:review_pack", args=[session.pk]))
    assert page.status_code == PACK[name]
    printed = AccessEvent.objects.filter(action="print", purpose="learning:review-pack")
    assert printed.exists() is (PACK[name] == 200)


def test_session_page_shows_cases_by_key_only(client_for, session) -> None:
    case = session.cases.get()
    content = (
        client_for("coordinator")
        .get(reverse("learning:session_detail", args=[session.pk]))
        .content.decode()
    )
    assert case.key in content
    assert reverse("person_timeline", args=[case.key]) not in content  # no way to the person
    for hidden in ("Naam Voorbeeld", "Dorpsstraat", "Zorgnotitie", case.response.incident.number):
        assert hidden not in content


def test_bottleneck_page_shows_cases_by_key_only(client_for, session) -> None:
    case = session.cases.get()
    content = (
        client_for("coordinator")
        .get(reverse("learning:bottlenecks", args=[HOTSPOT]))
        .content.decode()
    )
    assert case.key in content
    for hidden in ("Naam Voorbeeld", "Dorpsstraat", "Zorgnotitie", case.response.incident.number):
        assert hidden not in content
    assert reverse("triage:response_detail", args=[case.response_id]) not in content


def test_participants_do_not_see_forms(client_for, session) -> None:
    content = (
        client_for("triage_nurse")
        .get(reverse("learning:session_detail", args=[session.pk]))
        .content.decode()
    )
    assert "Kantelmoment vastleggen" not in content
    assert "Casuspakket" not in content


def test_free_text_with_a_bsn_is_refused_next_to_the_field(client_for, session) -> None:
    url = reverse("learning:session_action", args=[session.pk, "uitkomst"])
    data = {"kind": "positive", "theme": theme("capacity").pk, "text": "BSN 111222333"}
    page = client_for("coordinator").post(url, data)
    assert page.status_code == 400
    assert "identificerende gegevens" in page.content.decode()


@pytest.mark.parametrize("url_name", ["learning:session_new", "learning:bottlenecks"])
def test_an_organisation_id_no_column_holds_is_refused_not_a_server_error(
    client_for, hotspot, url_name: str
) -> None:
    # Found by tests/security/test_hostile_forms.py: SQLite cannot bind so wide an integer.
    page = client_for("coordinator").post(
        reverse(url_name, args=[HOTSPOT]),
        {"held_on": "2026-01-05", "organisations": ["99999999999999999999"]},
    )
    assert page.status_code in (200, 400)
    assert not ReflectionSession.objects.exists()


def test_programme_page_shows_the_current_cycle(client_for, hotspot) -> None:
    load_planned_cycles()
    with time_machine.travel(dt.datetime(2025, 11, 1, 12, tzinfo=dt.UTC), tick=False):
        page = client_for("peer_expert").get(reverse("network:programme_detail", args=[HOTSPOT]))
    content = page.content.decode()
    assert "Leercyclus 3" in content
    assert reverse("learning:programme", args=[HOTSPOT]) in content
    # A programme without cycles shows no panel.
    other = client_for("outsider").get(reverse("network:programme_detail", args=["wijk-ggd"]))
    assert "Leren en verbeteren" not in other.content.decode()


def test_list_pages_keep_their_queries_few(
    client_for, persona, hotspot, session, django_assert_max_num_queries
) -> None:
    coordinator = persona("coordinator")
    for code in ("no_bed", "no_police_report", "no_direction", "waiting_list"):
        response_with(coordinator, hotspot, bottlenecks=(code, "care_avoidance"))
    client = client_for("coordinator")
    for url_name, most in (
        ("learning:bottlenecks", 22),
        ("learning:what_works", 20),
        ("learning:top_threes", 16),
        ("learning:programme", 16),
    ):
        with django_assert_max_num_queries(most):
            assert client.get(reverse(url_name, args=[HOTSPOT])).status_code == 200


def _session_with_cases(coordinator, hotspot, count: int) -> ReflectionSession:
    picks = [f"r:{response_with(coordinator, hotspot, bottlenecks=('no_bed',)).pk}"
             for _ in range(count)]  # fmt: skip
    session = a_session(coordinator, hotspot, picks=tuple(picks))
    for case in session.cases.all():
        for _ in range(2):
            actions.add_turning_point(
                coordinator, case, occurred_on=dt.date(2025, 10, 1), what_happened="Iets.",
                effect="worked", for_whom=["person"], themes=[theme("capacity")],
            )  # fmt: skip
    return session


def test_session_page_queries_do_not_grow_with_its_cases(
    client_for, persona, hotspot, django_assert_max_num_queries
) -> None:
    coordinator = persona("coordinator")
    one = _session_with_cases(coordinator, hotspot, 1)
    six = _session_with_cases(coordinator, hotspot, 6)
    client = client_for("coordinator")
    client.get(reverse("learning:session_detail", args=[one.pk]))  # warm the session caches
    with CaptureQueriesContext(connection) as for_one:
        client.get(reverse("learning:session_detail", args=[one.pk]))
    with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as for_six:
        page = client.get(reverse("learning:session_detail", args=[six.pk]))
    assert page.content.decode().count("Iets.") == 12
    # Flat: six cases (and their six log rows) cost what one case costs.
    assert len(for_six) == len(for_one)
    logged = AccessEvent.objects.filter(user=coordinator, purpose="learning:session")
    shown = {case.person.display_key for case in six.cases.select_related("person")}
    assert shown <= set(logged.values_list("person_key", flat=True))


def test_the_session_page_logs_each_case_for_the_subject_report(
    client_for, persona, session
) -> None:
    case = session.cases.select_related("person").get()
    client_for("triage_nurse").get(reverse("learning:session_detail", args=[session.pk]))
    row = AccessEvent.objects.get(user=persona("triage_nurse"), person_key=case.person.display_key)
    assert (row.action, row.object_id, row.purpose) == ("read", str(case.pk), "learning:session")
    assert (row.organisation, row.role) == ("Lentis", "triage_nurse")
    report = client_for("privacy_officer").get(
        reverse("privacy:subject_report", args=[case.person.display_key])
    )
    assert ("Lentis", "triage_nurse") in {
        (line["organisation"], line["role"]) for line in report.context["summary"]
    }


@pytest.mark.parametrize(
    ("url_name", "args"),
    [
        ("learning:cycle_new", lambda s: [HOTSPOT]),
        ("learning:session_new", lambda s: [HOTSPOT]),
        ("learning:session_edit", lambda s: [s.pk]),
        ("learning:bottlenecks", lambda s: [HOTSPOT]),
    ],
)
def test_an_empty_post_shows_the_errors(client_for, session, url_name, args) -> None:
    page = client_for("coordinator").post(reverse(url_name, args=args(session)), {})
    assert page.status_code == 400
    assert "Dit veld is verplicht." in page.content.decode()


@pytest.mark.parametrize("url_name", ["learning:session_detail", "learning:review_pack"])
def test_read_only_session_pages_refuse_a_post(client_for, session, url_name) -> None:
    page = client_for("coordinator").post(reverse(url_name, args=[session.pk]))
    assert page.status_code == 405
