"""The reference data and default vocabulary, and ``manage.py load_reference``.

Expected values are written out literally (from DOMAIN.md and the issue) so a slip in the data
modules makes these tests fail.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from grip.network.models import (
    Area,
    Municipality,
    Organisation,
    OrganisationKind,
    Partner,
    Programme,
    SafetyRegion,
)
from grip.network.reference import load_reference
from grip.vocab.models import Term, Vocabulary

pytestmark = pytest.mark.django_db

GRONINGEN_MUNICIPALITIES = {
    "GM1979": "Eemsdelta",
    "GM0014": "Groningen",
    "GM1966": "Het Hogeland",
    "GM1952": "Midden-Groningen",
    "GM1895": "Oldambt",
    "GM0765": "Pekela",
    "GM0037": "Stadskanaal",
    "GM0047": "Veendam",
    "GM1969": "Westerkwartier",
    "GM1950": "Westerwolde",
}

HOTSPOT_CITIES = {
    "GM0363": ("Amsterdam", "Noord-Holland", "VR13"),
    "GM0599": ("Rotterdam", "Zuid-Holland", "VR17"),
    "GM0518": ("Den Haag", "Zuid-Holland", "VR15"),
    "GM0344": ("Utrecht", "Utrecht", "VR09"),
    "GM0772": ("Eindhoven", "Noord-Brabant", "VR22"),
    "GM0014": ("Groningen", "Groningen", "VR01"),
    "GM0392": ("Haarlem", "Noord-Holland", "VR12"),
}

PROGRAMME_MUNICIPALITIES = {
    "groninger-hotspot": {"GM0014"},
    "groninger-vroegsignalering": {"GM0014"},
    "wijk-ggd": {"GM1969", "GM1966", "GM1979", "GM1950", "GM1952"},
    "vroegsignalering-oost-groningen": {"GM0037", "GM0047", "GM0765", "GM1895"},
}

PROGRAMME_PARTNERS = {
    "groninger-hotspot": {
        "politie-noord-nederland",
        "lentis",
        "mesdag",
        "wij-groningen",
        "oggz-groningen",
        "inbegrepen",
        "forint",
        "gemeente-groningen",
    },
    "groninger-vroegsignalering": {
        "oggz-groningen",
        "politie-noord-nederland",
        "inbegrepen",
        "gemeente-groningen",
    },
    "wijk-ggd": {
        "ggd-groningen",
        "politie-noord-nederland",
        "gemeente-westerkwartier",
        "gemeente-het-hogeland",
        "gemeente-eemsdelta",
        "gemeente-westerwolde",
        "gemeente-midden-groningen",
        "inbegrepen",
    },
    "vroegsignalering-oost-groningen": {
        "gemeente-stadskanaal",
        "gemeente-veendam",
        "gemeente-pekela",
        "gemeente-oldambt",
        "lokale-teams-oost-groningen",
        "inbegrepen",
        "ggd-groningen",
    },
}

ORGANISATION_KINDS = {
    "politie-noord-nederland": "police",
    "lentis": "mental_health",
    "mesdag": "forensic_psychiatry",
    "wij-groningen": "social_team",
    "oggz-groningen": "oggz",
    "inbegrepen": "peer_expertise",
    "forint": "forensic_consultation",
    "ggd-groningen": "ggd",
    "vnn": "addiction_care",
    "zvh-groningen": "zvh",
    "gemeente-groningen": "municipality",
}

# DOMAIN.md "Default vocabulary", in its order.
VOCABULARY_CODES = {
    "incident_code": ["E33", "E14", "I28", "OTHER"],
    "risk": [
        "verbal_aggression",
        "physical_aggression",
        "suicide_attempt",
        "self_harm",
        "self_neglect",
        "intoxication",
        "psychosis",
        "weapon",
        "fire_hazard",
        "nuisance",
        "wandering",
        "domestic_tension",
        "victimisation",
        "other",
    ],
    "intervention": [
        "state_assessed",
        "risks_assessed",
        "deescalated",
        "chain_connected",
        "network_involved",
        "crisis_service",
        "gp_contacted",
        "treatment_contacted",
        "oggz_reported",
        "social_team_referred",
        "peer_expert",
        "forensic_consulted",
        "transport_assessment",
        "wvggz_crisis",
        "police_intervention",
        "no_action",
    ],
    "bottleneck": [
        "no_police_report",
        "assessment_intoxicated",
        "no_bed",
        "no_direction",
        "care_avoidance",
        "information_sharing",
        "waiting_list",
        "other",
    ],
    "safety": ["none", "limited", "reasonable", "full"],
    "outcome": [
        "stayed_home",
        "home_with_follow_up",
        "voluntary_care",
        "crisis_assessment",
        "compulsory_care",
        "police_custody",
        "hospital",
        "shelter",
        "other",
    ],
    "contact_kind": [
        "home_visit",
        "phone",
        "street",
        "network_meeting",
        "with_peer_expert",
        "consultation",
        "other",
    ],
    "closure_reason": [
        "regular_care",
        "oggz",
        "stabilised",
        "refused",
        "moved",
        "deceased",
        "other",
    ],
    "theme_positive": [
        "multidisciplinary_cooperation",
        "transparency_on_safety",
        "persistence_and_reliability",
        "short_lines_with_partners",
        "value_of_peer_expertise",
    ],
    "theme_learning": [
        "unclear_follow_up_direction",
        "structural_bottlenecks",
        "revolving_door_cases",
        "information_sharing",
        "capacity",
    ],
    # DOMAIN.md, "Early signalling: signals", in its order.
    "signal_source": [
        "police_i28",
        "police_other",
        "gp",
        "housing",
        "moz",
        "neighbour",
        "relative",
        "care_provider",
        "social_team",
        "self",
        "other",
    ],
    "signal_concern": [
        "confused_behaviour",
        "self_neglect",
        "nuisance",
        "isolation",
        "addiction",
        "debts",
        "housing_risk",
        "care_avoidance",
        "conflict",
        "other",
    ],
    "signal_result": [
        "regular_care",
        "trajectory",
        "no_action_needed",
        "not_reachable",
        "refused",
        "other_programme",
        "other",
    ],
    "life_domain": [
        "housing",
        "finances",
        "daytime_activities",
        "mental_health",
        "physical_health",
        "addiction",
        "social_network",
        "daily_living",
        "justice",
        "safety",
        "recovery",
        "other",
    ],
    "legal_basis": [
        "wvggz",
        "wpg",
        "wmo_2015",
        "wpolg",
        "zvh_covenant",
        "consent",
        "vital_interest",
    ],
}

MODELS = (SafetyRegion, Municipality, Organisation, Programme, Area, Partner, Term)


@pytest.fixture
def no_reference() -> None:
    """An empty database: the shared test set-up loads the reference data once per session."""
    for model in (Term, Partner, Area, Programme, Organisation, Municipality, SafetyRegion):
        model.objects.all().delete()


def table_sizes() -> dict[str, int]:
    sizes = {model.__name__: model.objects.count() for model in MODELS}
    sizes["programme_municipalities"] = Programme.municipalities.through.objects.count()
    return sizes


def test_25_safety_regions_in_official_numbering() -> None:
    load_reference()
    codes = list(SafetyRegion.objects.order_by("code").values_list("code", flat=True))
    assert codes == [f"VR{number:02d}" for number in range(1, 26)]
    names = dict(SafetyRegion.objects.values_list("code", "name"))
    assert names["VR01"] == "Groningen"
    assert names["VR02"] == "Fryslân"
    assert names["VR03"] == "Drenthe"
    assert names["VR25"] == "Flevoland"


def test_municipalities_of_groningen_and_hotspot_cities() -> None:
    load_reference()
    in_province = Municipality.objects.filter(province="Groningen")
    assert dict(in_province.values_list("cbs_code", "name")) == GRONINGEN_MUNICIPALITIES
    assert set(in_province.values_list("safety_region__code", flat=True)) == {"VR01"}

    hotspots = Municipality.objects.filter(is_hotspot_city=True)
    assert {
        m.cbs_code: (m.name, m.province, m.safety_region.code) for m in hotspots
    } == HOTSPOT_CITIES


def test_organisation_kinds() -> None:
    load_reference()
    kinds = dict(Organisation.objects.values_list("slug", "kind"))
    assert set(kinds.values()) <= set(OrganisationKind.values)
    assert {slug: kinds[slug] for slug in ORGANISATION_KINDS} == ORGANISATION_KINDS
    assert all(Organisation.objects.values_list("description", flat=True))


def test_programmes_with_municipalities_and_areas() -> None:
    load_reference()
    assert set(Programme.objects.values_list("slug", flat=True)) == set(PROGRAMME_MUNICIPALITIES)
    for slug, codes in PROGRAMME_MUNICIPALITIES.items():
        programme = Programme.objects.get(slug=slug)
        assert set(programme.municipalities.values_list("cbs_code", flat=True)) == codes
        assert programme.description

    hotspot = Programme.objects.get(slug="groninger-hotspot")
    assert hotspot.name == "Groninger Hotspot"
    assert (hotspot.starts_on, hotspot.ends_on) == (dt.date(2024, 5, 1), dt.date(2026, 12, 31))
    areas = {a.slug: (a.name, a.municipality.cbs_code) for a in hotspot.areas.all()}
    assert areas == {
        "centrum": ("Centrum", "GM0014"),
        "noordelijke-wijken": ("Noordelijke wijken", "GM0014"),
    }
    assert not Area.objects.filter(programme__slug__in=PROGRAMME_MUNICIPALITIES).exclude(
        programme=hotspot
    )
    assert Programme.objects.get(slug="wijk-ggd").starts_on == dt.date(2025, 1, 1)


def test_partner_directory_entry_for_every_partner() -> None:
    load_reference()
    for slug, partners in PROGRAMME_PARTNERS.items():
        entries = Partner.objects.filter(programme__slug=slug).select_related("organisation")
        assert {entry.organisation.slug for entry in entries} == partners
        for entry in entries:
            assert entry.services
            assert entry.contact_point
            assert entry.hours
            assert all(role for _, role in entry.roles_per_ave_level()), entry
            assert entry.phone in {"", "0900-8844"}
            assert entry.email == ""


def test_everything_passes_model_validation() -> None:
    load_reference()
    for model in MODELS:
        for instance in model.objects.all():
            instance.full_clean()


def test_default_vocabulary_codes_in_order() -> None:
    load_reference()
    assert set(VOCABULARY_CODES) == set(Vocabulary.values)
    for vocabulary, codes in VOCABULARY_CODES.items():
        terms = Term.objects.of(vocabulary).order_by("position")
        assert list(terms.values_list("code", flat=True)) == codes, vocabulary
        assert all(term.label and term.label_en for term in terms), vocabulary
    labels = dict(Term.objects.of(Vocabulary.INCIDENT_CODE).values_list("code", "label"))
    assert labels["E33"] == "overlast door persoon met verward gedrag"
    assert labels["I28"] == "zorgmelding (niet-acuut)"
    risk = Term.objects.get(vocabulary=Vocabulary.RISK, code="verbal_aggression")
    assert risk.label == "(Dreiging tot) verbale agressie t.o.v. object of persoon"


def test_first_load_into_an_empty_database(no_reference: None) -> None:
    counts = load_reference()
    assert counts["regions_created"] == 25
    assert counts["municipalities_created"] == 16
    assert counts["programmes_created"] == 4
    assert counts["areas_created"] == 2
    assert counts["partners_created"] == sum(map(len, PROGRAMME_PARTNERS.values()))
    assert counts["terms_created"] == sum(map(len, VOCABULARY_CODES.values()))
    assert counts["programme_municipalities_added"] == 11


def test_second_load_creates_and_changes_nothing() -> None:
    load_reference()
    sizes = table_sizes()
    counts = load_reference()
    assert table_sizes() == sizes
    changes = {key: count for key, count in counts.items() if not key.endswith("_unchanged")}
    assert set(changes.values()) == {0}
    assert counts["regions_unchanged"] == 25
    assert counts["terms_unchanged"] == sum(map(len, VOCABULARY_CODES.values()))


def test_reload_restores_reference_values() -> None:
    load_reference()
    SafetyRegion.objects.filter(code="VR02").update(name="Friesland")
    counts = load_reference()
    assert SafetyRegion.objects.get(code="VR02").name == "Fryslân"
    assert counts["regions_updated"] == 1


def test_reload_keeps_edited_label_and_restores_order() -> None:
    load_reference()
    term = Term.objects.get(vocabulary=Vocabulary.INCIDENT_CODE, code="E33")
    original_position = term.position
    Term.objects.filter(pk=term.pk).update(
        label="E33 verward gedrag", label_en="E33 confused", position=999
    )
    counts = load_reference()
    term.refresh_from_db()
    assert (term.label, term.label_en) == ("E33 verward gedrag", "E33 confused")
    assert term.position == original_position
    assert counts["terms_updated"] == 1


def test_reload_keeps_retired_term_retired() -> None:
    load_reference()
    retired_at = timezone.now()
    Term.objects.filter(vocabulary=Vocabulary.RISK, code="weapon").update(retired_at=retired_at)
    load_reference()
    assert Term.objects.get(vocabulary=Vocabulary.RISK, code="weapon").retired_at == retired_at


def test_reload_removes_nothing_added_in_the_admin() -> None:
    load_reference()
    hotspot = Programme.objects.get(slug="groninger-hotspot")
    hotspot.municipalities.add(Municipality.objects.get(cbs_code="GM1969"))
    Term.objects.create(vocabulary=Vocabulary.RISK, code="local_risk", label="lokaal", position=5)
    entry = Partner.objects.get(programme=hotspot, organisation__slug="lentis")
    entry.email = "spv-dienst@example.org"
    entry.save()

    load_reference()
    assert hotspot.municipalities.filter(cbs_code="GM1969").exists()
    assert Term.objects.filter(vocabulary=Vocabulary.RISK, code="local_risk").exists()
    entry.refresh_from_db()
    assert entry.email == "spv-dienst@example.org"


def test_load_is_one_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    load_reference()
    SafetyRegion.objects.filter(code="VR02").update(name="Friesland")

    def fail() -> dict[str, int]:
        raise RuntimeError("vocabulary failed")

    monkeypatch.setattr("grip.network.reference.load_default_vocabulary", fail)
    with pytest.raises(RuntimeError):
        load_reference()
    assert SafetyRegion.objects.get(code="VR02").name == "Friesland"


def test_command_prints_dutch_summary(no_reference: None) -> None:
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert "veiligheidsregio's: 25 nieuw, 0 bijgewerkt, 0 ongewijzigd" in out.getvalue()
    assert Programme.objects.count() == 4

    out = StringIO()
    call_command("load_reference", stdout=out)
    assert "veiligheidsregio's: 0 nieuw, 0 bijgewerkt, 25 ongewijzigd" in out.getvalue()
    assert "gemeenten aan programma's gekoppeld: 0" in out.getvalue()


def test_reload_keeps_what_a_programme_edited_in_the_admin() -> None:
    load_reference()
    hotspot = Programme.objects.get(slug="groninger-hotspot")
    Programme.objects.filter(pk=hotspot.pk).update(description="Eigen tekst van het programma.")
    Partner.objects.filter(programme=hotspot, organisation__slug="lentis").update(
        hours="ma–zo 8:00–23:00", role_ave_3="Eigen afspraak."
    )
    load_reference()
    hotspot.refresh_from_db()
    assert hotspot.description == "Eigen tekst van het programma."
    entry = Partner.objects.get(programme=hotspot, organisation__slug="lentis")
    assert (entry.hours, entry.role_ave_3) == ("ma–zo 8:00–23:00", "Eigen afspraak.")
