"""rotate_identity_keys: after rotation the old key can be removed and everything still reads."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from grip.access.models import AccessEvent, AccessEventAction
from grip.people.identity.actions import read_identity
from grip.people.identity.cipher import UnknownKeyError
from grip.people.models import PersonIdentity
from tests.factories import PersonFactory
from tests.people.synthetic import key, sample_identity, store_identity

pytestmark = pytest.mark.django_db

OLD = f"old:{key(1)}"
NEW = f"new:{key(2)}"
LOST = f"lost:{key(3)}"


def _rotate(*args: str) -> str:
    out = StringIO()
    call_command("rotate_identity_keys", *args, stdout=out)
    return out.getvalue()


def test_rotate_then_remove_the_old_key(settings, hotspot) -> None:
    settings.GRIP_IDENTITY_KEYS = OLD
    persons = [PersonFactory(programmes=[hotspot]) for _ in range(5)]
    for seed, person in enumerate(persons):
        store_identity(person, sample_identity(seed))
    pseudonyms = dict(PersonIdentity.objects.values_list("person_id", "pseudonym"))

    settings.GRIP_IDENTITY_KEYS = f"{NEW},{OLD}"  # the new key first; the old one still reads
    late = PersonFactory(programmes=[hotspot])
    store_identity(late, sample_identity(99))  # written after the change: already current

    output = _rotate("--batch-size", "2")  # three batches: batching and resuming are exercised
    assert "Huidige sleutel: new" in output
    assert "Opnieuw versleuteld: 5" in output
    assert "Al met de huidige sleutel: 1" in output
    assert "Mislukt: 0" in output

    settings.GRIP_IDENTITY_KEYS = NEW  # the old key is gone from the environment
    for seed, person in enumerate(persons):
        assert read_identity(person) == sample_identity(seed)
    assert read_identity(late) == sample_identity(99)
    for row in PersonIdentity.objects.all():
        assert row.key_id == "new"
        assert row.name_encrypted.startswith("v1:new:")
    # The pseudonym has its own key: rotating encryption keys leaves the links alone.
    assert dict(PersonIdentity.objects.values_list("person_id", "pseudonym")) == {
        **pseudonyms,
        late.pk: sample_identity(99).pseudonym,
    }


def test_without_rotation_removing_the_old_key_loses_access(settings, hotspot) -> None:
    settings.GRIP_IDENTITY_KEYS = OLD
    person = PersonFactory(programmes=[hotspot])
    store_identity(person, sample_identity())
    settings.GRIP_IDENTITY_KEYS = NEW
    with pytest.raises(UnknownKeyError):
        read_identity(person)


def test_rotation_is_idempotent(settings, hotspot) -> None:
    settings.GRIP_IDENTITY_KEYS = OLD
    store_identity(PersonFactory(programmes=[hotspot]), sample_identity())
    settings.GRIP_IDENTITY_KEYS = f"{NEW},{OLD}"
    assert "Opnieuw versleuteld: 1" in _rotate()
    before = list(PersonIdentity.objects.values_list("name_encrypted", flat=True))
    again = _rotate()
    assert "Opnieuw versleuteld: 0" in again
    assert "Al met de huidige sleutel: 1" in again
    assert list(PersonIdentity.objects.values_list("name_encrypted", flat=True)) == before


def test_rotation_writes_one_access_log_row(settings, hotspot) -> None:
    settings.GRIP_IDENTITY_KEYS = OLD
    for seed in range(3):
        store_identity(PersonFactory(programmes=[hotspot]), sample_identity(seed))
    settings.GRIP_IDENTITY_KEYS = f"{NEW},{OLD}"
    _rotate()
    _rotate()  # nothing to do: nothing logged
    events = AccessEvent.objects.filter(purpose__startswith="people:rotate_identity_keys")
    assert events.count() == 1
    event = events.get()
    assert event.action == AccessEventAction.UPDATE
    assert event.user is None
    assert "reencrypted=3" in event.purpose


def test_undecryptable_rows_are_reported_and_the_rest_rotated(settings, hotspot) -> None:
    settings.GRIP_IDENTITY_KEYS = LOST
    lost = store_identity(PersonFactory(programmes=[hotspot]), sample_identity(1))
    settings.GRIP_IDENTITY_KEYS = OLD
    kept_person = PersonFactory(programmes=[hotspot])
    store_identity(kept_person, sample_identity(2))
    settings.GRIP_IDENTITY_KEYS = f"{NEW},{OLD}"  # the "lost" key is not in the ring
    out = StringIO()
    with pytest.raises(CommandError, match=rf"verwijder geen oude sleutels.*{lost.pk}"):
        call_command("rotate_identity_keys", stdout=out)
    assert "Opnieuw versleuteld: 1" in out.getvalue()
    assert "Mislukt: 1" in out.getvalue()
    settings.GRIP_IDENTITY_KEYS = NEW
    assert read_identity(kept_person) == sample_identity(2)
    lost.refresh_from_db()
    assert lost.key_id == "lost"  # left as it was, for whoever still has that key


def test_batch_size_must_be_positive() -> None:
    with pytest.raises(CommandError, match="minstens 1"):
        call_command("rotate_identity_keys", "--batch-size", "0", stdout=StringIO())
