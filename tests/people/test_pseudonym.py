"""The pseudonym: stable across how a name is typed, distinct between people."""

from __future__ import annotations

import datetime as dt

import pytest

from grip.people.identity.config import DEV_PSEUDONYM_KEY_B64
from grip.people.identity.pseudonym import identifier, normalise_name, pseudonym
from tests.people.synthetic import key, synthetic_bsn

BORN = dt.date(1975, 6, 1)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("José Müller", "jose muller"),
        ("  JOSÉ\tMÜLLER  ", "jose muller"),
        ("Jose\u0301 Mu\u0308ller", "jose muller"),  # accents already decomposed
        ("José Müller.", "jose muller"),
        ("Müller-de Vries", "mullerde vries"),  # punctuation is removed, not spaced
        ("van ’t Hof", "van t hof"),
        ("Ĳsbrand Straße", "ijsbrand strasse"),  # ligature and sharp s
    ],
)
def test_name_normalisation(typed: str, expected: str) -> None:
    assert normalise_name(typed) == expected


def test_same_person_typed_differently_gets_the_same_pseudonym() -> None:
    variants = ["Émile  van 't Hof", "emile van t hof", "EMILE VAN 'T HOF", " Émile\nvan ’t Hof"]
    values = {pseudonym(bsn="", name=name, date_of_birth=BORN) for name in variants}
    assert len(values) == 1
    assert None not in values


def test_bsn_is_used_when_known_whatever_the_formatting_or_name() -> None:
    bsn = synthetic_bsn(4)
    plain = pseudonym(bsn=bsn, name="A", date_of_birth=None)
    grouped = pseudonym(bsn=f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}", name="B", date_of_birth=BORN)
    assert plain == grouped


def test_different_people_get_different_pseudonyms() -> None:
    values = [
        pseudonym(bsn=synthetic_bsn(5), name="", date_of_birth=None),
        pseudonym(bsn=synthetic_bsn(6), name="", date_of_birth=None),
        pseudonym(bsn="", name="Anna de Boer", date_of_birth=BORN),
        pseudonym(bsn="", name="Anna de Boer", date_of_birth=BORN + dt.timedelta(days=1)),
        pseudonym(bsn="", name="Anne de Boer", date_of_birth=BORN),
    ]
    assert len(set(values)) == len(values)


def test_too_little_to_link_gives_no_pseudonym() -> None:
    assert pseudonym(bsn="", name="Anna de Boer", date_of_birth=None) is None
    assert pseudonym(bsn="", name=" . ", date_of_birth=BORN) is None


def test_a_name_cannot_collide_with_a_bsn() -> None:
    assert identifier(bsn="999999999", name="", date_of_birth=None) != identifier(
        bsn="", name="999999999", date_of_birth=BORN
    )


def test_pseudonym_is_keyed(settings) -> None:
    before = pseudonym(bsn=synthetic_bsn(7), name="", date_of_birth=None)
    settings.GRIP_PSEUDONYM_KEY = key(8)
    after = pseudonym(bsn=synthetic_bsn(7), name="", date_of_birth=None)
    assert settings.GRIP_PSEUDONYM_KEY != DEV_PSEUDONYM_KEY_B64
    assert before != after
    assert after is not None
    assert len(after) == 64
