from __future__ import annotations

import pytest
from django.urls import reverse

from tests.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_admin_is_for_administrators_only(client_for, name: str) -> None:
    client = client_for(name)
    response = client.get(reverse("admin:index"))
    assert response.status_code == (200 if name == "administrator" else 403)
    if name == "administrator":
        assert client.get(reverse("admin:vocab_term_changelist")).status_code == 200
        assert client.get(reverse("admin:network_programme_changelist")).status_code == 200


def test_admin_holds_no_case_data(client_for) -> None:
    html = client_for("administrator").get(reverse("admin:index")).content.decode()
    assert "/beheer/network/programme/" in html
    assert "/beheer/followup/followupsettings/" in html
    for case_model in (
        "intake/incident",
        "people/person",
        "access/accessevent",
        "followup/trajectory",
        "triage/response",
    ):
        assert f"/beheer/{case_model}/" not in html


def test_anonymous_admin_goes_to_grip_login(client) -> None:
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "Inloggen bij Grip" in response.content.decode()


def test_vocabulary_terms_cannot_be_deleted_in_the_admin(client_for, reference) -> None:
    from grip.vocab.models import Term

    term = Term.objects.get(vocabulary="risk", code="weapon")
    client = client_for("administrator")
    response = client.get(reverse("admin:vocab_term_delete", args=[term.pk]))
    assert response.status_code == 403
    response = client.post(
        reverse("admin:vocab_term_changelist"),
        {"action": "retire", "_selected_action": [term.pk]},
    )
    term.refresh_from_db()
    assert term.retired_at is not None
