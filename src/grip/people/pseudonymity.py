"""A guard on free text that must not identify anyone: reflection sessions (learning) and
case-conference minutes outside the case (casework). It lives here, low in the layering,
so that both can use it.

Sessions talk about cases by pseudonymous key. Names cannot be recognised reliably by a
program, so the forms say "no names" and this guard refuses what can be recognised: a number
that passes the BSN eleven-test, a postcode (an address), an e-mail address, a phone number.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from grip.people.identity.bsn import is_valid_bsn

NINE_DIGITS = re.compile(r"(?<![\d])(\d[\d .]{7,12}\d)(?![\d])")
POSTCODE = re.compile(r"\b[1-9]\d{3}\s?[A-Za-z]{2}\b")
# The look-behind makes a match start only where a run of address characters starts: without
# it, a long text without "@" is scanned from every position (quadratic; 1 MB took hours).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"(?:\+31|\b0)[\s-]?\d(?:[\s-]?\d){8}\b")

NO_NAMES_HELP = _(
    "Geen namen, BSN, adressen of telefoonnummers: de casus heet alleen zijn sleutel."
)


def identifying_parts(text: str) -> list[str]:
    """The kinds of identifying data found in ``text`` (empty when none)."""
    found = []
    for candidate in NINE_DIGITS.findall(text):
        digits = "".join(char for char in candidate if char.isdigit())
        if is_valid_bsn(digits):
            found.append("bsn")
            break
    if POSTCODE.search(text):
        found.append("postcode")
    if EMAIL.search(text):
        found.append("email")
    if PHONE.search(text):
        found.append("phone")
    return found


def validate_pseudonymous(text: str) -> None:
    """Form validator: refuse free text that carries recognisable identifying data."""
    if identifying_parts(text or ""):
        raise ValidationError(
            _(
                "Deze tekst lijkt identificerende gegevens te bevatten (BSN, postcode, e-mail of "
                "telefoonnummer). Beschrijf de casus zonder wie het is."
            ),
            code="identifying",
        )
