"""Possible matches: the name + birth-year blind index, what matched, and suggestions."""

from __future__ import annotations

import datetime as dt

import pytest

from grip.access.models import AccessEvent, AccessEventAction
from grip.network.models import Programme
from grip.people.identity import matching
from grip.people.identity.actions import set_identity
from grip.people.identity.pseudonym import name_year_index, pseudonym
from grip.people.identity.records import Identity
from grip.people.models import MatchReason, MatchStatus, MatchSuggestion, PersonIdentity
from tests.factories import PersonFactory
from tests.people.synthetic import key, store_identity, synthetic_bsn

pytestmark = pytest.mark.django_db

BORN = dt.date(1990, 5, 1)
SAME_YEAR = dt.date(1990, 11, 23)


def _identity(name: str = "Anna de Boer", born: dt.date | None = BORN, bsn: str = "") -> Identity:
    return Identity(name=name, date_of_birth=born, bsn=bsn, address="")


def _set(actor, person, identity: Identity) -> PersonIdentity:
    return set_identity(
        actor,
        person,
        name=identity.name,
        date_of_birth=identity.date_of_birth,
        bsn=identity.bsn,
        address=identity.address,
    )


# --- the blind index --------------------------------------------------------------------------


def test_name_year_index_ignores_spacing_case_and_accents() -> None:
    index = name_year_index(name="Anna de Boer", date_of_birth=BORN)
    assert index is not None
    assert len(index) == 64
    assert name_year_index(name="  ANNA  dé   boer ", date_of_birth=SAME_YEAR) == index
    assert name_year_index(name="Anna de Boer", date_of_birth=dt.date(1991, 5, 1)) != index
    # Looser than the pseudonym: a space, a hyphen or none between the parts is one name.
    assert name_year_index(name="Anna de-Boer", date_of_birth=BORN) == index
    assert name_year_index(name="Anna deBoer", date_of_birth=BORN) == index
    assert name_year_index(name="Anna de Boor", date_of_birth=BORN) != index


def test_name_year_index_needs_name_and_birth_date() -> None:
    assert name_year_index(name="Anna de Boer", date_of_birth=None) is None
    assert name_year_index(name="  ", date_of_birth=BORN) is None


def test_name_year_index_is_keyed_and_separate_from_the_pseudonym(settings) -> None:
    index = name_year_index(name="Anna de Boer", date_of_birth=BORN)
    linking = pseudonym(bsn="", name="Anna de Boer", date_of_birth=BORN)
    assert index != linking
    settings.GRIP_PSEUDONYM_KEY = key(7)
    assert name_year_index(name="Anna de Boer", date_of_birth=BORN) != index


# --- what matched -----------------------------------------------------------------------------

BSN_1, BSN_2 = synthetic_bsn(1), synthetic_bsn(2)


@pytest.mark.parametrize(
    ("mine", "theirs", "reason"),
    [
        (_identity(bsn=BSN_1), _identity(bsn=BSN_1, name="Anna Boer"), None),  # other name
        (_identity(bsn=BSN_1), _identity(bsn=BSN_1), MatchReason.SAME_BSN),
        (_identity(), _identity(name="ANNA DE BOER"), MatchReason.SAME_NAME_DOB),
        (_identity(bsn=BSN_1), _identity(), MatchReason.NAME_DOB_BSN_MISSING),
        (_identity(bsn=BSN_1), _identity(bsn=BSN_2), MatchReason.NAME_DOB_OTHER_BSN),
        (_identity(bsn=BSN_1), _identity(born=SAME_YEAR), MatchReason.NAME_YEAR_BSN_MISSING),
        (
            _identity(bsn=BSN_1),
            _identity(born=SAME_YEAR, bsn=BSN_2),
            MatchReason.NAME_YEAR_OTHER_BSN,
        ),
        (_identity(), _identity(born=SAME_YEAR), MatchReason.NAME_YEAR_OTHER_DOB),
        (_identity(), _identity(born=dt.date(1989, 5, 1)), None),
        (_identity(), _identity(born=None), None),
    ],
)
def test_compare(mine: Identity, theirs: Identity, reason: MatchReason | None) -> None:
    assert matching.compare(mine, theirs) == reason
    assert matching.compare(theirs, mine) == reason


# --- suggestions when an identity is stored ---------------------------------------------------


def test_same_name_and_birth_year_with_another_bsn_is_suggested(persona, hotspot) -> None:
    known = PersonFactory(programmes=[hotspot])
    store_identity(known, _identity(bsn=BSN_1))
    newcomer = PersonFactory(programmes=[hotspot])
    _set(persona("police_officer"), newcomer, _identity("anna  DE böer", SAME_YEAR, BSN_2))
    suggestion = MatchSuggestion.objects.get()
    assert (suggestion.person_a, suggestion.person_b) == (known, newcomer)
    assert suggestion.reason == MatchReason.NAME_YEAR_OTHER_BSN
    assert suggestion.status == MatchStatus.OPEN
    assert suggestion.get_reason_display() == "zelfde naam en geboortejaar, ander BSN"


def test_same_name_and_birth_date_with_a_bsn_on_one_side_only(persona, hotspot) -> None:
    known = PersonFactory(programmes=[hotspot])
    store_identity(known, _identity())
    newcomer = PersonFactory(programmes=[hotspot])
    _set(persona("coordinator"), newcomer, _identity(bsn=BSN_1))
    assert MatchSuggestion.objects.get().reason == MatchReason.NAME_DOB_BSN_MISSING


def test_an_exact_pseudonym_between_two_persons_is_suggested(persona, hotspot) -> None:
    # Two persons registered apart, one later given the other's BSN on the person page.
    known = PersonFactory(programmes=[hotspot])
    store_identity(known, _identity(bsn=BSN_1))
    other = PersonFactory(programmes=[hotspot])
    _set(persona("coordinator"), other, _identity(name="Iemand Anders", bsn=BSN_1))
    assert MatchSuggestion.objects.get().reason == MatchReason.SAME_BSN


def test_different_people_are_not_suggested(persona, hotspot) -> None:
    for identity in (
        _identity(name="Bert de Boer"),
        _identity(born=dt.date(1991, 5, 1)),
        _identity(born=None, bsn=BSN_2),
    ):
        store_identity(PersonFactory(programmes=[hotspot]), identity)
    _set(persona("coordinator"), PersonFactory(programmes=[hotspot]), _identity(bsn=BSN_1))
    assert not MatchSuggestion.objects.exists()


def test_only_candidates_are_decrypted(persona, hotspot, monkeypatch) -> None:
    for number in range(6):
        store_identity(
            PersonFactory(programmes=[hotspot]), _identity(name=f"Ander Persoon {number}")
        )
    candidate = PersonFactory(programmes=[hotspot])
    store_identity(candidate, _identity(born=SAME_YEAR))
    decrypted: list[int] = []
    real_unseal = matching.unseal

    def counting_unseal(row, ring):
        decrypted.append(row.person_id)
        return real_unseal(row, ring)

    monkeypatch.setattr(matching, "unseal", counting_unseal)
    _set(persona("coordinator"), PersonFactory(programmes=[hotspot]), _identity(bsn=BSN_1))
    assert decrypted == [candidate.pk]


def test_the_comparison_is_in_the_candidates_access_log(persona, hotspot) -> None:
    candidate = PersonFactory(programmes=[hotspot])
    store_identity(candidate, _identity(born=SAME_YEAR))
    newcomer = PersonFactory(programmes=[hotspot])
    _set(persona("triage_nurse"), newcomer, _identity(bsn=BSN_1))
    event = AccessEvent.objects.get(person_key=candidate.display_key)
    assert event.action == AccessEventAction.SEARCH
    assert event.purpose == f"people:match with={newcomer.display_key}"
    assert event.role == "triage_nurse"


def test_a_decided_pair_is_not_suggested_again(persona, hotspot) -> None:
    known = PersonFactory(programmes=[hotspot])
    store_identity(known, _identity(bsn=BSN_1))
    newcomer = PersonFactory(programmes=[hotspot])
    coordinator = persona("coordinator")
    _set(coordinator, newcomer, _identity(born=SAME_YEAR, bsn=BSN_2))
    MatchSuggestion.objects.update(status=MatchStatus.KEPT_APART)
    _set(coordinator, newcomer, _identity(bsn=BSN_2))  # corrected birth date
    suggestion = MatchSuggestion.objects.get()
    assert suggestion.status == MatchStatus.KEPT_APART
    assert suggestion.reason == MatchReason.NAME_YEAR_OTHER_BSN  # a decided pair is left alone


def test_an_open_pair_gets_the_newest_reason(persona, hotspot) -> None:
    known = PersonFactory(programmes=[hotspot])
    store_identity(known, _identity(bsn=BSN_1))
    newcomer = PersonFactory(programmes=[hotspot])
    coordinator = persona("coordinator")
    _set(coordinator, newcomer, _identity(born=SAME_YEAR, bsn=BSN_2))
    _set(coordinator, newcomer, _identity(bsn=BSN_2))
    assert MatchSuggestion.objects.get().reason == MatchReason.NAME_DOB_OTHER_BSN


def test_matches_are_found_across_programmes(persona, hotspot) -> None:
    # Linking is what lets partners see one person; who may decide is a separate question.
    elsewhere = PersonFactory(programmes=[Programme.objects.get(slug="wijk-ggd")])
    store_identity(elsewhere, _identity(bsn=BSN_1))
    _set(persona("coordinator"), PersonFactory(programmes=[hotspot]), _identity(bsn=BSN_2))
    assert MatchSuggestion.objects.filter(person_a=elsewhere).exists()
