"""Render the access policy as the Markdown table in ``docs/permissions.md``."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import translation

from grip.access.policy import (
    ACTION_LABELS,
    BREAK_GLASS_ROLES,
    CARE_AUTHOR_ROLES,
    CASEWORK_CHAIR_ROLES,
    DATA_CLASS_LABELS,
    POLICE_SIGNAL_SOURCES,
    POLICE_SOURCES_ONLY,
    POLICY,
    PROGRAMME_WIDE_CASE_ROLES,
    SIGNAL_POLICY,
    SIGNAL_RIGHT_LABELS,
    Action,
    DataClass,
    SignalRight,
)

DOC_PATH = Path(settings.PROJECT_DIR) / "docs" / "permissions.md"

HEADER = """# Permissions

Generated from `src/grip/access/policy.py` by `python manage.py permissions_doc`;
a test fails when this file and the policy drift apart. Do not edit by hand.

A right holds only inside the programmes of the membership that carries the role; outside
them every record is *not found* (404). Letters: **v** view (inzien), **c** create
(vastleggen), **u** change (wijzigen), **x** export (exporteren); — means nothing.

"""

LETTERS = {Action.VIEW: "v", Action.CREATE: "c", Action.CHANGE: "u", Action.EXPORT: "x"}


def render() -> str:
    with translation.override("nl"):
        classes = list(DataClass)
        head = "| role | " + " | ".join(f"{c.value} ({DATA_CLASS_LABELS[c]})" for c in classes)
        lines = [head + " |", "|---" * (len(classes) + 1) + "|"]
        for role, rights in POLICY.items():
            cells = []
            for data_class in classes:
                actions = rights.get(data_class, frozenset())
                cells.append("".join(LETTERS[a] for a in Action if a in actions) or "—")
            lines.append(f"| {role.value} ({role.label}) | " + " | ".join(cells) + " |")
        legend = "\n".join(f"- **{a.value}**: {ACTION_LABELS[a]}" for a in Action)
        wide = ", ".join(f"`{role.value}`" for role in POLICY if role in PROGRAMME_WIDE_CASE_ROLES)
        glass = ", ".join(f"`{role.value}`" for role in POLICY if role in BREAK_GLASS_ROLES)
        carers = ", ".join(f"`{role.value}`" for role in POLICY if role in CARE_AUTHOR_ROLES)
        chairs = ", ".join(f"`{role.value}`" for role in POLICY if role in CASEWORK_CHAIR_ROLES)
    scope = (
        "\n\nCase files held by organisations (follow-up trajectories) are seen programme-wide "
        f"only by {wide}; every other role sees the trajectories its organisation holds or "
        "takes part in, and those the user holds direction in by name, owns a task in, or "
        "brought in (opened, or joined signals to): whoever opens or holds work always sees "
        "it. The police see a trajectory's existence, AVE level and direction "
        "holders, never its contacts or notes (no `social` or `care` view).\n"
        "\nEvery free text written in follow-up (the reasons on trajectory events: opening, AVE "
        "change, direction, hand-over, closing, reopening; a hand-over's reason; the closure "
        "text; a contact's result) is `social` data, or `care` data where "
        f"{carers} wrote it, and is shown only to a role with view on that class in the "
        "programme: never to the police.\n"
        "\nBreak-the-glass (noodtoegang): only "
        f"{glass} may open one person's record outside their programmes, by typing its exact "
        "key and a reason; read-only, time-limited, within the role's own data classes, "
        "flagged in the access log and reviewed by the privacy officer.\n"
        "\nCasework: a trajectory's plan of approach, case conferences and breakthroughs are "
        "`care`/`social` data, never shown to the police role. The plan is read by whoever "
        "sees the trajectory's work and written by its direction holders and the coordinator. "
        f"{chairs} set up a programme's tables and conferences and answer breakthroughs; a "
        "conference is seen only by its participating organisations and by them. Who shared a "
        "person's data with which organisation, on what legal basis, is seen by every role "
        "that sees the person's cases (no content).\n"
    )
    return HEADER + "\n".join(lines) + "\n\nActions:\n\n" + legend + scope + _signals()


def _signals() -> str:
    """The signals table (early signalling, ADR 0090)."""
    with translation.override("nl"):
        rights = list(SignalRight)
        head = "| role | " + " | ".join(f"{r.value} ({SIGNAL_RIGHT_LABELS[r]})" for r in rights)
        lines = [head + " |", "|---" * (len(rights) + 1) + "|"]
        for role, granted in SIGNAL_POLICY.items():
            cells = ["yes" if right in granted else "—" for right in rights]
            lines.append(f"| {role.value} ({role.label}) | " + " | ".join(cells) + " |")
    police = ", ".join(f"`{role.value}`" for role in SIGNAL_POLICY if role in POLICE_SOURCES_ONLY)
    sources = ", ".join(f"`{code}`" for code in sorted(POLICE_SIGNAL_SOURCES))
    return (
        "\n## Signals (early signalling)\n\n"
        "Signals have their own table: the rights below hold in the programmes of the "
        "membership, as above. A signal's notes and contacts are `social` data: only roles "
        "with `social` view have `view_notes`.\n\n"
        + "\n".join(lines)
        + f"\n\n{police} see only the signals that came from the police (source {sources}, "
        "or made from an incident): their state, times and result, never the notes, the "
        "contacts' notes or the known network.\n"
    )
