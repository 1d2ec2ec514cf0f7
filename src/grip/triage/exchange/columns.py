"""Exchange format v1 (situations CSV): its columns, and the spreadsheet-formula guard.

The column order here is DOMAIN.md's table order; export writes it, import accepts any order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

# The spreadsheet-formula guard is Grip's one CSV writer's (grip.csvfile); the import reads a
# neutralised cell back with ``unneutralise``.
from grip.csvfile import FORMULA_TRIGGERS as FORMULA_TRIGGERS
from grip.csvfile import QUOTE as QUOTE
from grip.csvfile import neutralise as neutralise
from grip.csvfile import unneutralise as unneutralise

FORMAT_VERSION = "v1"

COLUMNS: tuple[str, ...] = (
    "incident_number",
    "incident_code",
    "programme",
    "municipality",
    "area",
    "reported_at",
    "arrived_at",
    "departed_at",
    "police_departed_at",
    "police_officers",
    "ave_level",
    "person_key",
    "risks",
    "interventions",
    "bottlenecks",
    "safety_person",
    "safety_surroundings",
    "outcome",
    "follow_up",
    "notes",
)
REQUIRED: frozenset[str] = frozenset(
    {"incident_number", "incident_code", "programme", "municipality", "reported_at"}
)

# Optional columns that map straight onto a field of ``triage.actions.ResponseData``.
RESPONSE_FIELDS: dict[str, str] = {
    "arrived_at": "arrived_at",
    "departed_at": "departed_at",
    "police_departed_at": "police_departed_at",
    "police_officers": "police_officers",
    "ave_level": "ave_on_arrival",
    "risks": "risks",
    "interventions": "interventions",
    "bottlenecks": "bottlenecks",
    "safety_person": "safety_person",
    "safety_surroundings": "safety_surroundings",
    "outcome": "outcome",
    "follow_up": "follow_up_needed",
    "notes": "notes",
}

CODE_SEPARATOR = "|"
YES, NO = "yes", "no"

# Lengths of the model fields the cells end up in: longer text is a cell error, not a crash.
MAX_NUMBER_LENGTH = 40
MAX_PERSON_KEY_LENGTH = 64
MAX_NOTES_LENGTH = 4000

# The column shown for an error about a whole record (e.g. the wrong number of fields).
WHOLE_ROW = "*"


@dataclass(frozen=True, order=True)
class CellError:
    """One reason a row was rejected: where (physical line, column) and why (Dutch)."""

    line: int
    column: str
    reason: str


class UnusableFile(Exception):
    """The file as a whole cannot be imported (exit code 2): nothing is written."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Header:
    """Where each column of the file is: names in any order, optional columns may be absent."""

    positions: dict[str, int]
    width: int

    def has(self, column: str) -> bool:
        return column in self.positions


# A header is a few hundred bytes; these bounds refuse a hostile one before any check runs
# (issue 22: 300,000 columns once held a CPU for minutes and filled the error page).
MAX_HEADER_COLUMNS = 200
MAX_HEADER_CHARS = 16 * 1024
# Error messages name at most this many columns, each cut to this length.
NAMED_COLUMNS = 3
NAME_LENGTH = 40


def parse_header(
    names: list[str],
    columns: tuple[str, ...] = COLUMNS,
    required: frozenset[str] = REQUIRED,
) -> Header:
    """The header row, or ``UnusableFile`` for unknown, repeated or missing required columns.

    ``columns`` and ``required`` are the format's (the situations format by default; the
    signals format passes its own). Every check is linear in the number of columns, and the
    message names only a few of them.
    """
    if len(names) > MAX_HEADER_COLUMNS:
        raise UnusableFile(
            _("De kopregel heeft %(count)d kolommen; er mogen er hoogstens %(limit)d zijn.")
            % {"count": len(names), "limit": MAX_HEADER_COLUMNS}
        )
    cleaned = [name.strip() for name in names]
    problems: list[str] = []
    unknown = [name for name in cleaned if name not in columns]
    if unknown:
        problems.append(_("onbekende kolommen: %(names)s") % {"names": _few(unknown)})
    seen: set[str] = set()
    repeated: set[str] = set()
    for name in cleaned:
        (repeated if name in seen else seen).add(name)
    if repeated:
        problems.append(_("dubbele kolommen: %(names)s") % {"names": _few(sorted(repeated))})
    missing = [name for name in columns if name in required and name not in seen]
    if missing:
        problems.append(
            _("verplichte kolommen ontbreken: %(names)s") % {"names": ", ".join(missing)}
        )
    if problems:
        raise UnusableFile(
            _("De kopregel klopt niet: %(problems)s.") % {"problems": "; ".join(problems)}
        )
    return Header({name: index for index, name in enumerate(cleaned)}, len(cleaned))


def _few(names: list[str]) -> str:
    """The first few names, quoted and cut short, and how many more there are."""
    shown = [repr(_cut(name)) for name in names[:NAMED_COLUMNS]]
    more = len(names) - len(shown)
    if more:
        shown.append(_("en %(count)d meer") % {"count": more})
    return ", ".join(shown)


def _cut(name: str) -> str:
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1] + "…"
