"""The settings helper: development defaults, and production refusing anything insecure."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from grip.people.identity.config import (
    DEV_IDENTITY_KEYS,
    DEV_PSEUDONYM_KEY_B64,
    key_settings,
    parse_key_ring,
)
from grip.settings import env
from tests.people.synthetic import key

GOOD_KEYS = f"new:{key(2)},old:{key(1)}"
GOOD_PSEUDONYM = key(9)


def test_development_without_environment_uses_the_development_keys() -> None:
    result = key_settings("", "", production=False)
    assert result == (DEV_IDENTITY_KEYS, DEV_PSEUDONYM_KEY_B64)
    assert "NOT-SECRET" in parse_key_ring(result.identity_keys).current_key.decode()


def test_configured_keys_are_kept_and_the_first_encrypts() -> None:
    result = key_settings(GOOD_KEYS, GOOD_PSEUDONYM, production=True)
    assert result == (GOOD_KEYS, GOOD_PSEUDONYM)
    ring = parse_key_ring(result.identity_keys)
    assert ring.current_id == "new"
    assert set(ring.keys) == {"new", "old"}


def test_production_refuses_to_start_without_identity_keys() -> None:
    with pytest.raises(ImproperlyConfigured, match="GRIP_IDENTITY_KEYS must be set"):
        key_settings("", GOOD_PSEUDONYM, production=True)


def test_production_refuses_to_start_without_pseudonym_key() -> None:
    with pytest.raises(ImproperlyConfigured, match="GRIP_PSEUDONYM_KEY must be set"):
        key_settings(GOOD_KEYS, "", production=True)


def test_production_refuses_the_development_identity_key() -> None:
    with pytest.raises(ImproperlyConfigured, match="development identity key"):
        key_settings(f"{GOOD_KEYS},{DEV_IDENTITY_KEYS}", GOOD_PSEUDONYM, production=True)


def test_production_refuses_the_development_pseudonym_key() -> None:
    with pytest.raises(ImproperlyConfigured, match="development pseudonym key"):
        key_settings(GOOD_KEYS, DEV_PSEUDONYM_KEY_B64, production=True)


@pytest.mark.parametrize("production", [False, True])
def test_pseudonym_key_must_differ_from_identity_keys(production: bool) -> None:
    with pytest.raises(ImproperlyConfigured, match="must differ"):
        key_settings(GOOD_KEYS, key(1), production=production)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (key(1), "keyid:base64key"),  # no key id
        (f"bad id:{key(1)}", "keyid:base64key"),
        (f"k1:{key(1)},k1:{key(2)}", "twice"),
        ("k1:not base64!", "not valid base64"),
        ("k1:AQEBA", "not valid base64"),  # broken padding
        ("k1:AAAA", "32 bytes"),
        (" , ", "holds no key"),
    ],
)
@pytest.mark.parametrize("production", [False, True])
def test_malformed_identity_keys_are_refused_everywhere(
    raw: str, message: str, production: bool
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message) as caught:
        key_settings(raw, GOOD_PSEUDONYM, production=production)
    assert key(1) not in str(caught.value)  # errors never echo key material


def test_short_pseudonym_key_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="at least 32 bytes"):
        key_settings(GOOD_KEYS, "AAAA", production=False)


def test_keys_come_from_a_file_one_per_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "identity-keys"
    key_file.write_text(f"new:{key(2)}\nold:{key(1)}\n", encoding="utf-8")
    monkeypatch.delenv("GRIP_IDENTITY_KEYS", raising=False)
    monkeypatch.setenv("GRIP_IDENTITY_KEYS_FILE", str(key_file))
    result = key_settings(env("GRIP_IDENTITY_KEYS"), GOOD_PSEUDONYM, production=True)
    ring = parse_key_ring(result.identity_keys)
    assert (ring.current_id, set(ring.keys)) == ("new", {"new", "old"})
