"""The exchange screens, for each persona: allowed, 403 or 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grip.access.models import AccessEvent
from grip.intake.models import Incident
from grip.network.models import Programme
from tests.personas import PERSONA_NAMES
from tests.triage.test_exchange_helpers import HOTSPOT, a_row, case_counts, csv_bytes, run_import

pytestmark = pytest.mark.django_db

# Importing needs police and care create rights in a programme: only coordinators have both.
IMPORT = {"police_officer": 403, "triage_nurse": 403, "followup_worker": 403,
          "peer_expert": 403, "coordinator": 200, "analyst": 403, "privacy_officer": 403,
          "administrator": 403, "outsider": 200}  # fmt: skip
# Exporting the Hotspot's situations: the export right on police or care data there; not one
# of the user's programmes is 404.
EXPORT = {"police_officer": 200, "triage_nurse": 403, "followup_worker": 403,
          "peer_expert": 403, "coordinator": 200, "analyst": 403, "privacy_officer": 403,
          "administrator": 404, "outsider": 404}  # fmt: skip
EXPORT_FORM = {"police_officer": 200, "triage_nurse": 403, "followup_worker": 403,
               "peer_expert": 403, "coordinator": 200, "analyst": 403, "privacy_officer": 403,
               "administrator": 403, "outsider": 200}  # fmt: skip


def upload(data: bytes, name: str = "situaties.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_import_page_per_persona(client_for, name: str) -> None:  # type: ignore[no-untyped-def]
    assert client_for(name).get(reverse("triage:import_upload")).status_code == IMPORT[name]


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_export_per_persona(client_for, name: str) -> None:  # type: ignore[no-untyped-def]
    url = reverse("triage:export_download")
    client = client_for(name)
    assert client.get(url, {"programme": HOTSPOT}).status_code == EXPORT[name]
    assert client.get(url).status_code == EXPORT_FORM[name]


def test_upload_shows_counts_and_every_rejected_row(client_for, persona) -> None:  # type: ignore[no-untyped-def]
    rows = [
        a_row(incident_number="GOED"),
        a_row(incident_number="ANDER", programme="wijk-ggd", municipality="GM1969", area=""),
        a_row(incident_number="FOUT", ave_level="8", follow_up="misschien"),
    ]
    client = client_for("coordinator")
    response = client.post(reverse("triage:import_upload"), {"file": upload(csv_bytes(rows))})
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.rejected) == (1, 2)
    page = response.content.decode()
    for line, column in [(3, "programme"), (4, "ave_level"), (4, "follow_up")]:
        assert f"<tr><td>{line}</td><td><code>{column}</code></td>" in page
    assert list(Incident.objects.values_list("number", flat=True)) == ["GOED"]
    event = AccessEvent.objects.get(action="create")
    assert (event.user, event.purpose) == (
        persona("coordinator"),
        "import_situations situaties.csv",
    )


def test_upload_dry_run_writes_nothing(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("coordinator")
    counts = case_counts()
    response = client.post(
        reverse("triage:import_upload"), {"file": upload(csv_bytes([a_row()])), "dry_run": "on"}
    )
    assert response.status_code == 200
    assert response.context["report"].created == 1
    assert "proefimport" in response.content.decode().lower()
    assert case_counts() == counts


def test_upload_of_an_unusable_file(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("coordinator")
    response = client.post(reverse("triage:import_upload"), {"file": upload(b"naam,adres\r\n")})
    assert response.status_code == 200
    assert response.context["report"].exit_code == 2
    assert "niet te gebruiken" in response.content.decode()


def test_export_download_is_an_attachment_with_notes_for_care(
    client_for, hotspot: Programme
) -> None:  # type: ignore[no-untyped-def]
    run_import(csv_bytes([a_row(notes="Zorgnotitie.")]))
    url = reverse("triage:export_download")
    query = {"programme": HOTSPOT, "date_from": "2026-01-01", "date_to": "2026-12-31"}
    response = client_for("coordinator").get(url, query)
    assert response["Content-Disposition"] == (
        'attachment; filename="situaties-groninger-hotspot-2026-01-01-2026-12-31.csv"'
    )
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[1].endswith(",Zorgnotitie.")
    event = AccessEvent.objects.get(action="export")
    assert event.programme == HOTSPOT
    assert event.role == "coordinator"


def test_the_police_never_get_care_notes(client_for) -> None:  # type: ignore[no-untyped-def]
    run_import(csv_bytes([a_row(notes="Zorgnotitie.")]))
    response = client_for("police_officer").get(
        reverse("triage:export_download"), {"programme": HOTSPOT}
    )
    body = b"".join(response.streaming_content).decode()
    assert "Zorgnotitie." not in body
    assert body.splitlines()[1].endswith(",yes,")


def test_export_of_an_unknown_programme_or_bad_period(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("coordinator")
    url = reverse("triage:export_download")
    assert client.get(url, {"programme": "bestaat-niet"}).status_code == 404
    bad = {"programme": HOTSPOT, "date_from": "2026-02-02", "date_to": "2026-02-01"}
    assert client.get(url, bad).status_code == 400
    assert client.get(url, {"programme": HOTSPOT, "date_from": "gisteren"}).status_code == 400
