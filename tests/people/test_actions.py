"""set_identity / read_identity: rights per programme, the access log, stored ciphertexts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from grip.access.models import AccessEvent, AccessEventAction
from grip.access.policy import POLICY, Action, DataClass
from grip.network.models import Programme, Role
from grip.people.identity.actions import NoIdentity, read_identity, set_identity
from grip.people.identity.cipher import IdentityDecryptionError
from grip.people.identity.records import ENCRYPTED_COLUMNS, Identity
from grip.people.models import PersonIdentity
from tests.factories import PersonFactory
from tests.people.synthetic import sample_identity, synthetic_bsn, tampered

pytestmark = pytest.mark.django_db


def _set(actor, person, identity: Identity) -> PersonIdentity:
    return set_identity(
        actor,
        person,
        name=identity.name,
        date_of_birth=identity.date_of_birth,
        bsn=identity.bsn,
        address=identity.address,
    )


def test_set_and_read_round_trip(identity_writers, persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    identity = sample_identity()
    row = _set(persona("coordinator"), person, identity)
    assert read_identity(person) == identity
    stored = " ".join(getattr(row, column) for column in ENCRYPTED_COLUMNS.values())
    for secret in (identity.bsn, "Testpersoon", "Teststraat", "1980-02-29"):
        assert secret not in stored
    assert row.key_id == "dev-not-secret"
    assert row.pseudonym == identity.pseudonym


def test_input_is_normalised_before_storing(identity_writers, persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    bsn = synthetic_bsn(11)
    set_identity(
        persona("police_officer"),
        person,
        name="  Anna   de  Boer ",
        date_of_birth=None,
        bsn=f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}",
        address=" Teststraat 2 ",
    )
    assert read_identity(person) == Identity("Anna de Boer", None, bsn, "Teststraat 2")


def test_create_and_change_are_logged(identity_writers, persona, hotspot) -> None:
    coordinator = persona("coordinator")
    person = PersonFactory(programmes=[hotspot])
    row = _set(coordinator, person, sample_identity(1))
    again = _set(coordinator, person, sample_identity(2, address="Testlaan 3"))
    assert again.pk == row.pk
    events = list(AccessEvent.objects.filter(person_key=person.display_key).order_by("id"))
    assert [event.action for event in events] == [
        AccessEventAction.CREATE,
        AccessEventAction.UPDATE,
    ]
    assert {event.purpose for event in events} == {"people:set_identity"}
    assert {event.programme for event in events} == {hotspot.slug}
    assert read_identity(person).address == "Testlaan 3"


@pytest.mark.parametrize("name", ["peer_expert", "analyst", "privacy_officer", "administrator"])
def test_roles_without_identity_rights_are_refused(
    identity_writers, persona, hotspot, name: str
) -> None:
    person = PersonFactory(programmes=[hotspot])
    with pytest.raises(PermissionDenied):
        _set(persona(name), person, sample_identity())
    assert not PersonIdentity.objects.exists()
    assert not AccessEvent.objects.filter(person_key=person.display_key).exists()


def test_rights_in_another_programme_do_not_count(identity_writers, persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    with pytest.raises(PermissionDenied):
        _set(persona("outsider"), person, sample_identity())
    # Once the outsider's programme knows the person too, the same right applies.
    person.programmes.add(Programme.objects.get(slug="wijk-ggd"))
    _set(persona("outsider"), person, sample_identity())
    assert read_identity(person) == sample_identity()


def test_create_without_change_right_cannot_overwrite(
    monkeypatch: pytest.MonkeyPatch, persona, hotspot
) -> None:
    monkeypatch.setitem(
        POLICY[Role.POLICE_OFFICER], DataClass.IDENTITY, frozenset({Action.VIEW, Action.CREATE})
    )
    officer = persona("police_officer")
    person = PersonFactory(programmes=[hotspot])
    _set(officer, person, sample_identity(1))
    with pytest.raises(PermissionDenied):
        _set(officer, person, sample_identity(2))
    assert read_identity(person) == sample_identity(1)


def test_invalid_bsn_is_refused(identity_writers, persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    with pytest.raises(ValidationError) as caught:
        _set(persona("coordinator"), person, sample_identity(bsn="123456789"))
    assert "bsn" in caught.value.message_dict
    assert not PersonIdentity.objects.exists()


def test_future_birth_date_is_refused(identity_writers, persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    with pytest.raises(ValidationError):
        _set(persona("coordinator"), person, sample_identity(date_of_birth=dt.date(2999, 1, 1)))


def test_partial_identity_is_stored_without_pseudonym(identity_writers, persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    thin = Identity(name="Onbekende man", date_of_birth=None, bsn="", address="")
    row = _set(persona("coordinator"), person, thin)
    assert row.pseudonym is None
    assert read_identity(person) == thin


def test_no_identity_recorded(hotspot) -> None:
    with pytest.raises(NoIdentity):
        read_identity(PersonFactory(programmes=[hotspot]))


def test_ciphertext_copied_to_another_person_fails(identity_writers, persona, hotspot) -> None:
    coordinator = persona("coordinator")
    first, second = PersonFactory(programmes=[hotspot]), PersonFactory(programmes=[hotspot])
    row_a = _set(coordinator, first, sample_identity(1))
    row_b = _set(coordinator, second, sample_identity(2))
    PersonIdentity.objects.filter(pk=row_b.pk).update(bsn_encrypted=row_a.bsn_encrypted)
    with pytest.raises(IdentityDecryptionError, match="moved from another person or field"):
        read_identity(second)


def test_ciphertext_swapped_between_fields_fails(identity_writers, persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    row = _set(persona("coordinator"), person, sample_identity())
    PersonIdentity.objects.filter(pk=row.pk).update(
        name_encrypted=row.address_encrypted, address_encrypted=row.name_encrypted
    )
    with pytest.raises(IdentityDecryptionError):
        read_identity(person)


def test_tampered_ciphertext_in_the_database_fails(identity_writers, persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    row = _set(persona("coordinator"), person, sample_identity())
    PersonIdentity.objects.filter(pk=row.pk).update(name_encrypted=tampered(row.name_encrypted))
    with pytest.raises(IdentityDecryptionError, match="failed authentication"):
        read_identity(person)


def test_identity_repr_hides_its_contents() -> None:
    identity = sample_identity()
    for text in (repr(identity), str(identity), f"{identity}"):
        assert identity.bsn not in text
        assert "Testpersoon" not in text
