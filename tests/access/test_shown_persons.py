"""Finding 7 of the second review: an export or a list page names every person it showed, so
that each person's subject-access report shows it (``AccessEventPerson``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grip.access.models import AccessEvent, AccessEventAction, AccessEventPerson
from grip.privacy.subject import access_events, access_summary
from grip.triage.exchange import log_export
from tests.factories import IncidentFactory, PersonFactory
from tests.personas import logged_in_client
from tests.triage.test_responses import a_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def persons(persona, hotspot):  # type: ignore[no-untyped-def]
    nurse = persona("triage_nurse")
    found = []
    for _ in range(3):
        person = PersonFactory(programmes=[hotspot])
        for _ in range(2):  # two responses each: each person named once per export
            a_response(nurse, IncidentFactory(person=person))
        found.append(person)
    a_response(nurse, IncidentFactory(person=None))  # no person: nobody to name
    return found


def test_an_export_names_each_person_it_holds(persona, hotspot, persons) -> None:
    log_export(persona("coordinator"), hotspot, None, None)
    export = AccessEvent.objects.get(action=AccessEventAction.EXPORT)
    shown = AccessEventPerson.objects.filter(event_id=export.pk)
    assert sorted(shown.values_list("person_key", flat=True)) == sorted(
        p.display_key for p in persons
    )
    for person in persons:
        assert export in access_events(person)
        assert any(row["action"] == "export" for row in access_summary(person))


def test_the_export_download_names_the_persons(persona, hotspot, persons) -> None:
    client = logged_in_client(persona("coordinator"))
    response = client.get(reverse("triage:export_download"), {"programme": hotspot.slug})
    assert response.status_code == 200
    b"".join(response.streaming_content)  # type: ignore[attr-defined]
    export = AccessEvent.objects.get(action=AccessEventAction.EXPORT)
    assert AccessEventPerson.objects.filter(event_id=export.pk).count() == len(persons)


@pytest.mark.parametrize("url", ["intake:incident_list", "triage:response_list"])
def test_a_list_page_names_the_persons_on_it(persona, hotspot, persons, url) -> None:
    client = logged_in_client(persona("coordinator"))
    assert client.get(reverse(url)).status_code == 200
    search = AccessEvent.objects.get(action=AccessEventAction.SEARCH, purpose__contains=":list")
    assert search.person_key == ""
    assert set(
        AccessEventPerson.objects.filter(event_id=search.pk).values_list("person_key", flat=True)
    ) == {p.display_key for p in persons}


def test_the_subject_report_shows_the_lists_and_exports(persona, hotspot, persons) -> None:
    coordinator = persona("coordinator")
    logged_in_client(coordinator).get(reverse("intake:incident_list"))
    log_export(coordinator, hotspot, None, None)
    key = persons[0].display_key
    page = logged_in_client(persona("privacy_officer")).get(
        reverse("privacy:subject_report", args=[key])
    )
    actions = {row["action"] for row in page.context["summary"]}
    assert {"search", "export"} <= actions
    assert b"export_situations" in page.content


def test_the_research_export_names_each_person_it_holds(persona, hotspot, persons) -> None:
    """Pseudonymised with fresh keys, the research export still holds these persons' data:
    the log names them (never the export's own keys)."""
    import datetime as dt
    import io

    from django.utils import timezone

    from grip.monitor.research.package import export

    today = timezone.localdate()
    export(persona("coordinator"), hotspot, today - dt.timedelta(days=30), today, io.BytesIO())
    row = AccessEvent.objects.get(action=AccessEventAction.EXPORT)
    assert row.purpose.startswith("research_export")
    assert sorted(
        AccessEventPerson.objects.filter(event_id=row.pk).values_list("person_key", flat=True)
    ) == sorted(p.display_key for p in persons)
