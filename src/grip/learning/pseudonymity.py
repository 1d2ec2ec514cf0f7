"""The guard on the free text of reflection sessions; moved to ``grip.people.pseudonymity``
so that casework (below learning) uses the same one."""

from grip.people.pseudonymity import (
    EMAIL,
    NINE_DIGITS,
    NO_NAMES_HELP,
    PHONE,
    POSTCODE,
    identifying_parts,
    validate_pseudonymous,
)

__all__ = [
    "EMAIL",
    "NINE_DIGITS",
    "NO_NAMES_HELP",
    "PHONE",
    "POSTCODE",
    "identifying_parts",
    "validate_pseudonymous",
]
