"""The legal basis of every sharing relation: hand-overs (follow-up's form), conferences,
shown on the person's page and in the subject-access report."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from grip.access.models import AppendOnlyError
from grip.casework import actions
from grip.followup.models import Handover
from grip.sharing.actions import record_sharing
from grip.sharing.models import SharingKind, SharingRecord
from tests.casework.helpers import a_conference, a_table, held_trajectory
from tests.followup.helpers import org, term

pytestmark = pytest.mark.django_db


def test_the_handover_form_requires_a_legal_basis_and_records_it(
    client_for, persona, hotspot
) -> None:
    trajectory = held_trajectory(persona, hotspot)
    url = reverse("followup:trajectory_action", args=[trajectory.pk, "handover"])
    data = {"kind": "case", "to_organisation": org("lentis").pk, "reason": "Zorg nodig"}
    client = client_for("followup_worker")
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert not Handover.objects.filter(trajectory=trajectory).exists()
    done = client.post(url, data | {"legal_basis": term("legal_basis", "consent").pk})
    assert done.status_code == 302
    shared = SharingRecord.objects.get(person=trajectory.person)
    assert shared.kind == SharingKind.HANDOVER
    assert (shared.from_organisation, shared.to_organisation) == (
        org("wij-groningen"),
        org("lentis"),
    )
    assert shared.legal_basis.code == "consent"
    assert shared.source == f"followup.handover:{Handover.objects.get().pk}"


def test_a_sharing_record_needs_a_ground_and_never_changes(persona, hotspot) -> None:
    trajectory = held_trajectory(persona, hotspot)
    fields = {
        "person": trajectory.person,
        "programme": hotspot,
        "kind": SharingKind.SIGNAL_PASSED_ON,
        "to_organisation": org("lentis"),
    }
    with pytest.raises(ValidationError):
        record_sharing(persona("coordinator"), **fields, legal_basis=None)
    with pytest.raises(ValidationError):  # a term of another vocabulary is no ground
        record_sharing(persona("coordinator"), **fields, legal_basis=term("risk", "weapon"))
    made = record_sharing(
        persona("coordinator"), **fields, legal_basis=term("legal_basis", "vital_interest")
    )
    with pytest.raises(AppendOnlyError):
        made.save()


def test_the_person_page_and_the_subject_report_show_the_grounds(
    client_for, persona, hotspot
) -> None:
    coordinator = persona("coordinator")
    trajectory = held_trajectory(persona, hotspot)
    conference = a_conference(coordinator, a_table(coordinator, hotspot))
    actions.put_on_agenda(coordinator, conference, trajectory)
    key = trajectory.person.display_key
    page = client_for("followup_worker").get(reverse("people:person_detail", args=[key]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "ZVH-convenant" in body
    assert "casusoverleg" in body
    report = client_for("privacy_officer").get(reverse("privacy:subject_report", args=[key]))
    assert "ZVH-convenant" in report.content.decode()
    export = client_for("privacy_officer").get(reverse("privacy:subject_export", args=[key]))
    data = json.loads(export.content)
    assert [row["legal_basis"] for row in data["sharing"]] == ["zvh_covenant"]
    assert len(data["conference_agenda"]) == 1
    assert "breakthroughs" in data
    assert "plan_versions" in data


def test_sharing_records_move_with_a_merge_and_back_with_its_undo(persona, hotspot) -> None:
    from grip.people import linking
    from grip.people.models import MatchReason, MatchSuggestion
    from tests.factories import PersonFactory

    coordinator = persona("coordinator")
    kept, absorbed = sorted(
        (PersonFactory(programmes=[hotspot]), PersonFactory(programmes=[hotspot])),
        key=lambda person: person.pk,
    )
    shared = record_sharing(
        coordinator, person=absorbed, programme=hotspot, kind=SharingKind.ORGANISATION_ADDED,
        to_organisation=org("lentis"), legal_basis=term("legal_basis", "consent"),
    )  # fmt: skip
    suggestion = MatchSuggestion.objects.create(
        person_a=kept, person_b=absorbed, reason=MatchReason.NAME_YEAR_OTHER_BSN
    )
    merged = linking.merge(coordinator, suggestion, survivor=kept, reason="Zelfde persoon.")
    shared.refresh_from_db()
    assert shared.person == kept
    linking.undo_merge(coordinator, merged, reason="Toch niet.")
    shared.refresh_from_db()
    assert shared.person == absorbed
