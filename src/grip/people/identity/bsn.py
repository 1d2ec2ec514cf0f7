"""The BSN (burgerservicenummer) and its eleven-test.

Nine digits d1…d9; 9·d1 + 8·d2 + … + 2·d8 − 1·d9 must be divisible by 11. The test catches
every single mistyped digit (11 is prime and no weight is a multiple of it); it does not prove
a number was ever issued.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BSN_LENGTH = 9
WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def clean_bsn(value: str) -> str:
    """Drop the spaces and dots people type between the digit groups."""
    return "".join(char for char in value if not char.isspace() and char != ".")


def is_valid_bsn(value: str) -> bool:
    if len(value) != BSN_LENGTH or not (value.isascii() and value.isdigit()):
        return False
    if value == "0" * BSN_LENGTH:
        return False  # passes the arithmetic, but is no number
    return sum(int(digit) * weight for digit, weight in zip(value, WEIGHTS, strict=True)) % 11 == 0


def validate_bsn(value: str) -> None:
    """Form and model validator; expects a cleaned value (see ``clean_bsn``)."""
    if not is_valid_bsn(value):
        raise ValidationError(
            _("Dit is geen geldig BSN: een BSN heeft 9 cijfers en moet voldoen aan de elfproef."),
            code="invalid_bsn",
        )
