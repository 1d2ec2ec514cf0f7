"""The linking pseudonym: HMAC-SHA256 over a normalised identifier, with its own key.

The same person entered twice, with other spacing, capitals or accents, gets the same
pseudonym, so records can be linked without decrypting anyone. The key is separate from the
encryption keys: the pseudonym table cannot be reversed by guessing BSNs or names without it,
and the two keys can be guarded and changed independently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import unicodedata

from grip.people.identity.keys import pseudonym_key

_WHITESPACE = re.compile(r"\s+")


def normalise_bsn(bsn: str) -> str:
    """Digits only: ``123.456.782`` and ``123 456 782`` are the same number."""
    return "".join(char for char in bsn if char.isascii() and char.isdigit())


def normalise_name(name: str) -> str:
    """Lower case, accents removed, punctuation removed, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(
        char
        for char in decomposed
        # Letters and digits stay; combining marks (the accents NFKD split off), punctuation
        # and symbols go. Whitespace stays, to be collapsed below.
        if unicodedata.category(char)[0] in {"L", "N"} or char.isspace()
    )
    return _WHITESPACE.sub(" ", kept.casefold()).strip()


def identifier(*, bsn: str, name: str, date_of_birth: dt.date | None) -> str | None:
    """The normalised identifier a pseudonym is made of, or None when there is too little.

    The BSN when known; otherwise name and date of birth together (a name alone links too many
    different people). The prefixes keep the two kinds apart: no name can equal a BSN.
    """
    digits = normalise_bsn(bsn)
    if digits:
        return f"bsn:{digits}"
    normal_name = normalise_name(name)
    if normal_name and date_of_birth is not None:
        return f"name-dob:{normal_name}|{date_of_birth.isoformat()}"
    return None


def pseudonym(*, bsn: str, name: str, date_of_birth: dt.date | None) -> str | None:
    """The hex HMAC-SHA256 pseudonym, or None when the identity is too thin to link."""
    value = identifier(bsn=bsn, name=name, date_of_birth=date_of_birth)
    if value is None:
        return None
    return hmac.new(pseudonym_key(), value.encode("utf-8"), hashlib.sha256).hexdigest()


# The name + birth-year index gets its own key, derived from the pseudonym key under this
# label: the two HMACs never run under one key, so no input of one can ever produce a value of
# the other, whatever identifier formats come later. (Domain separation, as in HKDF's "info".)
NAME_YEAR_DOMAIN = b"grip/blind-index/name-year/v1"


def loose_name(name: str) -> str:
    """``normalise_name`` without any spaces: "Berg-Ödegaard", "Berg Ödegaard" and
    "BergÖdegaard" are one loose name. Only for suggestions; the pseudonym keeps the spaces."""
    return normalise_name(name).replace(" ", "")


def name_year_identifier(*, name: str, date_of_birth: dt.date | None) -> str | None:
    """Loose name and year of birth, or None when either is unknown."""
    name_part = loose_name(name)
    if name_part and date_of_birth is not None:
        return f"name-year:{name_part}|{date_of_birth.year:04d}"
    return None


def name_year_index(*, name: str, date_of_birth: dt.date | None) -> str | None:
    """A keyed blind index over name and birth year: finds *possible* matches, never links.

    Coarser than the pseudonym on purpose: two entries of one person with another BSN, a BSN on
    one side only, or another day of birth share it. Many different people share it too, which
    is why a match on it is only a suggestion for a coordinator.
    """
    value = name_year_identifier(name=name, date_of_birth=date_of_birth)
    if value is None:
        return None
    key = hmac.new(pseudonym_key(), NAME_YEAR_DOMAIN, hashlib.sha256).digest()
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
