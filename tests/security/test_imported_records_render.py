"""Records the import writes have no user behind them (no care professional, a revision and a
trajectory event "by" nobody). Their pages must still render: a template that reads
``user.username`` of a missing user through a filter argument fails with a server error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from grip.followup.models import Trajectory
from grip.triage.models import Response
from tests.triage.test_exchange_helpers import a_row, csv_bytes, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(hotspot: Any) -> Response:
    assert run_import(csv_bytes([a_row(follow_up="yes")])).exit_code == 0
    return Response.objects.get(incident__number="T-0001")


def test_the_detail_of_an_imported_response_renders(
    imported: Response, client_for: Callable[[str], Any]
) -> None:
    page = client_for("triage_nurse").get(reverse("triage:response_detail", args=[imported.pk]))
    assert page.status_code == 200
    assert "import" in page.content.decode()


def test_the_edit_form_of_an_imported_response_renders(
    imported: Response, client_for: Callable[[str], Any]
) -> None:
    page = client_for("coordinator").get(reverse("triage:response_edit", args=[imported.pk]))
    assert page.status_code == 200


def test_the_trajectory_of_an_imported_response_renders(
    imported: Response, client_for: Callable[[str], Any]
) -> None:
    trajectory = Trajectory.objects.get(response=imported)
    page = client_for("coordinator").get(
        reverse("followup:trajectory_detail", args=[trajectory.pk])
    )
    assert page.status_code == 200
    assert "systeem" in page.content.decode()
