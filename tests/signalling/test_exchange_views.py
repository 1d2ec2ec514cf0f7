"""The signals upload screen, for each persona, and what it shows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grip.access.models import AccessEvent, AccessEventAction
from grip.signalling.models import Signal
from tests.personas import PERSONA_NAMES
from tests.signalling.exchange_helpers import a_row, csv_bytes

pytestmark = pytest.mark.django_db

HOTSPOT = "groninger-hotspot"
URL = "signal_exchange:import_upload"
# Importing signals needs the change and the export right on social data in a programme:
# only coordinators have both (the outsider coordinates wijk-ggd).
IMPORT = {"police_officer": 403, "triage_nurse": 403, "followup_worker": 403,
          "peer_expert": 403, "coordinator": 200, "analyst": 403, "privacy_officer": 403,
          "administrator": 403, "outsider": 200}  # fmt: skip


def upload(data: bytes, name: str = "signalen.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_upload_page_per_persona(client_for, name: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(name)
    assert client.get(reverse(URL)).status_code == IMPORT[name]
    data = csv_bytes([a_row(programme=HOTSPOT, signal_number=f"P-{name}")])
    assert client.post(reverse(URL), {"file": upload(data)}).status_code == IMPORT[name]
    # Only the Hotspot's coordinator may write the Hotspot's signals.
    written = Signal.objects.filter(number=f"P-{name}").exists()
    assert written == (name == "coordinator")


def test_upload_shows_counts_and_every_rejected_row(client_for) -> None:  # type: ignore[no-untyped-def]
    rows = [
        a_row(programme=HOTSPOT, signal_number="GOED"),
        a_row(signal_number="ANDER"),  # groninger-vroegsignalering: not the coordinator's
        a_row(programme=HOTSPOT, signal_number="FOUT", first_contact_with="", result="opgelost"),
    ]
    response = client_for("coordinator").post(reverse(URL), {"file": upload(csv_bytes(rows))})
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.rejected) == (1, 2)
    page = response.content.decode()
    for line, column in [(3, "programme"), (4, "first_contact_with"), (4, "result")]:
        assert f"<tr><td>{line}</td><td><code>{column}</code></td>" in page
    assert "geen recht om erin te importeren" in page
    assert list(Signal.objects.values_list("number", flat=True)) == ["GOED"]
    log = AccessEvent.objects.filter(action=AccessEventAction.CREATE).get()
    assert log.object_id == str(Signal.objects.get().pk)


def test_dry_run_shows_the_report_and_writes_nothing(client_for) -> None:  # type: ignore[no-untyped-def]
    data = csv_bytes([a_row(programme=HOTSPOT)])
    response = client_for("coordinator").post(reverse(URL), {"file": upload(data), "dry_run": "on"})
    assert response.status_code == 200
    assert response.context["report"].created == 1
    assert "proefimport (niets opgeslagen)" in response.content.decode()
    assert not Signal.objects.exists()


def test_an_unusable_file_says_why_and_writes_nothing(client_for) -> None:  # type: ignore[no-untyped-def]
    data = csv_bytes([a_row(programme=HOTSPOT)], columns=["signal_number", "bsn"])
    response = client_for("coordinator").post(reverse(URL), {"file": upload(data)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Het bestand is niet te gebruiken; er is niets opgeslagen." in page
    assert "onbekende kolommen: &#x27;bsn&#x27;" in page
    assert not Signal.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("signalen.xlsx", b"PK\x03\x04", "application/vnd.ms-excel"),
        ("signalen.csv", b"\x00\x01binary", "text/csv"),
    ],
)
def test_a_file_the_form_refuses_is_a_400_with_its_reason(  # type: ignore[no-untyped-def]
    client_for, name: str, data: bytes, content_type: str
) -> None:
    file = SimpleUploadedFile(name, data, content_type=content_type)
    response = client_for("coordinator").post(reverse(URL), {"file": file})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert response.context["report"] is None


def test_the_way_to_the_upload_where_coordinators_find_the_situations_one(  # type: ignore[no-untyped-def]
    client_for,
) -> None:
    link = f'href="{reverse(URL)}"'
    for screen in ("triage:response_list", "triage:import_upload"):
        assert link in client_for("coordinator").get(reverse(screen)).content.decode()
    assert (
        link not in client_for("triage_nurse").get(reverse("triage:response_list")).content.decode()
    )
