"""A large upload is imported by the worker, not in the request: the screen shows the job's
progress, then its row report. Runs the real database backend and its worker command."""

from __future__ import annotations

from io import StringIO
from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from grip.access.models import AccessEvent
from grip.intake.models import Incident
from grip.ops.models import Job, JobStatus
from tests.triage.test_exchange_helpers import a_row, csv_bytes
from tests.triage.test_exchange_views import upload

pytestmark = pytest.mark.django_db


def run_worker() -> None:
    """What `manage.py db_worker` does in production: every queued task, then stop. (Between
    tasks the worker closes a connection inside a transaction, as the test's is: kept open.)"""
    with patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())


@pytest.fixture
def every_upload_is_large(settings):  # type: ignore[no-untyped-def]
    settings.GRIP_IMPORT_INLINE_KB = 0


def rows() -> bytes:
    return csv_bytes(
        [
            a_row(incident_number="TAAK-1"),
            a_row(incident_number="TAAK-2"),
            a_row(incident_number="TAAK-FOUT", ave_level="8"),
        ]
    )


def test_a_large_upload_runs_as_a_task_and_shows_its_report(
    client_for, persona, every_upload_is_large, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("triage:import_upload"), {"file": upload(rows())})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("triage:import_job", args=[job.pk])
    # Nothing was imported in the request; the task waits in the queue.
    assert not Incident.objects.exists()
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    waiting = client.get(response["Location"])
    assert waiting.status_code == 200
    assert waiting["Refresh"] == "2"
    assert "in de wachtrij" in waiting.content.decode().lower()
    # The page names the file and its refresh interval (not a raw "%(name)s").
    assert "Bestand: situaties.csv" in waiting.content.decode()
    assert "elke 2 seconden" in waiting.content.decode()

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.progress, job.payload) == (JobStatus.DONE, 100, None)
    assert sorted(Incident.objects.values_list("number", flat=True)) == ["TAAK-1", "TAAK-2"]
    done = client.get(response["Location"])
    assert "Refresh" not in done
    page = done.content.decode()
    assert "<tr><td>4</td><td><code>ave_level</code></td>" in page
    assert (done.context["report"]["created"], done.context["report"]["rejected"]) == (2, 1)
    # The rows were written as the uploader, with the import's access-log row.
    events = AccessEvent.objects.filter(action="create")
    assert {(event.user, event.purpose) for event in events} == {
        (persona("coordinator"), "import_situations situaties.csv")
    }


def test_a_dry_run_as_a_task_writes_nothing(
    client_for, every_upload_is_large, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("triage:import_upload"), {"file": upload(rows()), "dry_run": "on"})
    run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.DONE
    assert job.result["created"] == 2
    assert not Incident.objects.exists()


def test_small_uploads_still_answer_at_once(client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("coordinator").post(
        reverse("triage:import_upload"), {"file": upload(rows())}
    )
    assert response.status_code == 200
    assert response.context["report"].created == 2
    assert not Job.objects.exists()


def test_only_the_uploader_sees_the_job(
    client_for, every_upload_is_large, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        client_for("coordinator").post(reverse("triage:import_upload"), {"file": upload(rows())})
    url = reverse("triage:import_job", args=[Job.objects.get().pk])
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("police_officer").get(url).status_code == 404


def test_a_failing_import_ends_the_job_as_failed(
    client_for, every_upload_is_large, django_capture_on_commit_callbacks, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from grip.ops import tasks

    def broken(job, progress):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setitem(tasks.JOB_RUNNERS, "import_situations", broken)
    client = client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("triage:import_upload"), {"file": upload(rows())})
    run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.payload is None  # the file is gone even so
    assert "mislukt" in client.get(response["Location"]).content.decode()


def test_a_large_signals_upload_runs_as_a_task_too(
    client_for, every_upload_is_large, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from grip.signalling.models import Signal
    from tests.signalling.exchange_helpers import a_row as signal_row
    from tests.signalling.exchange_helpers import csv_bytes as signals_csv
    from tests.signalling.test_exchange_views import HOTSPOT
    from tests.signalling.test_exchange_views import upload as signals_upload

    data = signals_csv(
        [
            signal_row(programme=HOTSPOT, signal_number="TAAK-S1"),
            signal_row(programme=HOTSPOT, signal_number="TAAK-SFOUT", result="opgelost"),
        ]
    )
    client = client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("signal_exchange:import_upload"), {"file": signals_upload(data)}
        )
    job = Job.objects.get()
    assert response["Location"] == reverse("triage:import_job", args=[job.pk])
    assert not Signal.objects.exists()  # not in the request
    assert "Signalen inlezen" in client.get(response["Location"]).content.decode()

    run_worker()

    done = client.get(response["Location"])
    assert (done.context["report"]["created"], done.context["report"]["rejected"]) == (1, 1)
    assert list(Signal.objects.values_list("number", flat=True)) == ["TAAK-S1"]
    assert reverse("signal_exchange:import_upload") in done.content.decode()
