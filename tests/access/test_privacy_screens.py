"""The privacy officer's screens: search and export the log; the subject access request."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from grip.access.log import record
from grip.access.models import AccessEvent, AccessEventAction, AccessEventOutcome
from grip.network.models import Membership, Organisation, Programme, Role
from tests.access.world import build_world
from tests.personas import logged_in_client

LOG = reverse("access:log_search")
EXPORT = reverse("access:log_export")


@pytest.fixture
def officer(persona):
    return persona("privacy_officer")


@pytest.fixture
def world(persona, hotspot):
    return build_world(persona, hotspot)


def test_log_search_filters_and_logs_itself(persona, officer, hotspot) -> None:
    nurse, outsider = persona("triage_nurse"), persona("outsider")
    wijk = Programme.objects.get(slug="wijk-ggd")
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        record(nurse, AccessEventAction.READ, programme=hotspot, person_key="P-AAAA-0001")
    record(nurse, AccessEventAction.READ, programme=hotspot, person_key="P-AAAA-0002")
    record(
        nurse,
        AccessEventAction.READ,
        person_key="P-AAAA-0002",
        outcome=AccessEventOutcome.REFUSED,
    )
    record(outsider, AccessEventAction.READ, programme=wijk, person_key="P-AAAA-0003")
    client = logged_in_client(officer)

    def keys(**query: str) -> list[str]:
        page = client.get(LOG, query).context["page"]
        return sorted(e.person_key for e in page.object_list if e.user_id != officer.pk)

    assert keys() == ["P-AAAA-0001", "P-AAAA-0002", "P-AAAA-0002"]  # not the other programme
    assert keys(person_key="p-aaaa-0002") == ["P-AAAA-0002", "P-AAAA-0002"]
    assert keys(outcome="refused") == ["P-AAAA-0002"]
    assert keys(user="triage", date_to="2026-03-01") == ["P-AAAA-0001"]
    assert keys(organisation="lentis", date_from="2026-03-02") == ["P-AAAA-0002", "P-AAAA-0002"]
    assert keys(action="export") == []
    searches = AccessEvent.objects.filter(
        user=officer, action="search", purpose__startswith="access:log"
    )
    assert searches.count() == 6


def test_log_search_query_count_is_flat(persona, officer, hotspot, django_assert_max_num_queries):
    nurse = persona("triage_nurse")
    for index in range(30):
        record(nurse, AccessEventAction.READ, programme=hotspot, person_key=f"P-BBBB-{index:04d}")
    client = logged_in_client(officer)
    with django_assert_max_num_queries(14):
        assert client.get(LOG).status_code == 200


def test_log_export_is_csv_neutralised_and_logged(persona, officer, hotspot) -> None:
    record(
        persona("coordinator"),
        AccessEventAction.READ,
        programme=hotspot,
        person_key="P-CCCC-0001",
        purpose='=HYPERLINK("x")',
    )
    response = logged_in_client(officer).get(EXPORT, {"person_key": "P-CCCC-0001"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["purpose"] for r in rows] == ['\'=HYPERLINK("x")']
    assert (rows[0]["user"], rows[0]["role"]) == ("persona-coordinator", "coordinator")
    exported = AccessEvent.objects.get(user=officer, action=AccessEventAction.EXPORT)
    assert exported.person_key == "P-CCCC-0001"


def test_subject_report_names_organisations_for_the_person(persona, officer, world) -> None:
    key = world.person.display_key
    client = logged_in_client(officer)
    response = client.get(reverse("privacy:subject_report", args=[key]))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert {(row["organisation"], row["role"]) for row in summary} >= {
        ("Lentis", "triage_nurse"),
        ("Gemeente Groningen", "coordinator"),
    }
    assert all("user" not in row for row in summary)  # no staff names for the person
    assert AccessEvent.objects.filter(
        user=officer, person_key=key, purpose="privacy:subject-report"
    ).exists()


def test_subject_export_holds_everything_and_is_logged(persona, officer, world) -> None:
    key = world.person.display_key
    response = logged_in_client(officer).get(reverse("privacy:subject_export", args=[key]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["person"]["display_key"] == key
    assert data["identity"]["name"] == "Testpersoon Wereld"
    assert {row["pk"] for row in data["incidents"]} >= {world.incident.pk, world.bare_incident.pk}
    assert [row["pk"] for row in data["responses"]] == [world.response.pk]
    assert [row["pk"] for row in data["trajectories"]] == [world.trajectory.pk]
    assert [row["pk"] for row in data["tasks"]] == [world.task.pk]
    assert [row["pk"] for row in data["handovers"]] == [world.handover.pk]
    assert data["trajectory_events"]
    assert "persona-" not in json.dumps(data["access_log"])  # organisations and roles only
    actions = set(
        AccessEvent.objects.filter(user=officer, person_key=key).values_list("action", flat=True)
    )
    assert {"reveal", "export"} <= actions


def test_other_programmes_privacy_officer_finds_no_such_person(world) -> None:
    other = get_user_model().objects.create_user(username="po-wijk", password="x")
    membership = Membership.objects.create(
        user=other,
        organisation=Organisation.objects.get(slug="ggd-groningen"),
        role=Role.PRIVACY_OFFICER,
    )
    membership.programmes.set(Programme.objects.filter(slug="wijk-ggd"))
    client = logged_in_client(other)
    key = world.person.display_key
    assert client.get(reverse("privacy:subject_report", args=[key])).status_code == 404
    assert client.get(reverse("privacy:subject_export", args=[key])).status_code == 404
    seen = client.get(LOG).context["page"].object_list
    # only its own refused attempts above, none of the Hotspot's rows about the person
    assert {e.user_id for e in seen if e.person_key == key} == {other.pk}


def test_log_times_are_utc(officer, hotspot, persona) -> None:
    row = record(persona("coordinator"), AccessEventAction.READ, programme=hotspot)
    assert abs((timezone.now() - row.at).total_seconds()) < 60


def test_a_key_with_a_slash_is_refused_not_a_server_error(officer) -> None:
    # Found by tests/security/test_hostile_forms.py: the page links to the subject report by
    # the key, and no URL takes a slash there.
    page = logged_in_client(officer).get(LOG, {"person_key": "../../etc/passwd"})
    assert page.status_code in (200, 400)
    assert "letters, cijfers en streepjes" in page.content.decode()
