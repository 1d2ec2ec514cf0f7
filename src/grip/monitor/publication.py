"""Small-cell suppression for outputs meant for publication (DOMAIN.md).

A count below the threshold (default 5, ``GRIP_SUPPRESSION_THRESHOLD``) that is not zero is
withheld: the JSON gives ``{"count": null, "suppressed": true}`` and no share. Counts that the
factsheet gives as plain numbers are turned into such objects when suppressed, so a reader
never mistakes a withheld value for a zero.

Complementary suppression: the cells of a distribution (AVE levels, safety for the person and
for the surroundings, outcomes; each with its ``unknown``) add up to the published number of
situations (and the signals' sources, results and first contacts to the number received), so
one withheld cell could be recovered as the total minus the others. In such a
group more cells are withheld, smallest non-zero first, until at least two are withheld and
together they hold at least the threshold. Once any cell of a group is withheld, the shares of
that group are withheld too (a share over the known reveals the known, and with it the
unknown); the safety groups keep only their band ("more than half" …), which gives no count.
"""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings

from grip.monitor.wording import band

PLAIN_COUNTS = frozenset(
    {
        "situations",
        "distinct",
        "repeat_persons",
        "responses_of_repeat_persons",
        "responses_measured",
        "responses_with_trajectory",
        "with_direction_holder",
        "closed",
        "trajectories_measured",
        # The signals part (``signals``): plain numbers there too.
        "received",
        "not_picked_up",
        "measured",
        "of",
        # The experience part (``experience``, ADR 0110).
        "asked",
        "answered",
        "support_contacts",
        "pairs",
        "stories",
    }
)
WITHHELD = {"count": None, "suppressed": True}
# The distributions whose cells add up to the number of situations.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("ave_levels",),
    ("safety", "person"),
    ("safety", "surroundings"),
    ("outcomes",),
    # The signals' distributions: each adds up to the number of signals received (the
    # results with ``open``, the first contacts with ``none``).
    ("signals", "by_source"),
    ("signals", "results"),
    ("signals", "first_contact"),
    # Experienced control and safety: each adds up to the askings of its moment (the bands,
    # "unknown" or "incomplete", and the two non-answers).
    *(
        ("experience", moment, group)
        for moment in ("start", "closure")
        for group in ("control", "safety_home", "safety_neighbourhood")
    ),
)


def threshold() -> int:
    return int(getattr(settings, "GRIP_SUPPRESSION_THRESHOLD", 5))


def is_small(value: Any, limit: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < limit


def suppress(figures: dict[str, Any], limit: int | None = None) -> dict[str, Any]:
    """A copy of ``figures`` with every small count withheld (the input stays exact)."""
    limit = threshold() if limit is None else limit
    published = _walk(copy.deepcopy(figures), limit)
    for path in GROUPS:
        exact, shown = _at(figures, path), _at(published, path)
        if isinstance(exact, dict) and isinstance(shown, dict):
            _complete_group(exact, shown, limit)
    published["suppression"] = {"threshold": limit}
    return published


def _at(node: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _walk(node: Any, limit: int) -> Any:
    if isinstance(node, list):
        return [_walk(item, limit) for item in node]
    if not isinstance(node, dict):
        return node
    if "count" in node and is_small(node["count"], limit):
        node.pop("share", None)
        node.update(WITHHELD)
        return node
    for key, value in list(node.items()):
        if key in PLAIN_COUNTS and is_small(value, limit):
            node[key] = dict(WITHHELD)
        else:
            node[key] = _walk(value, limit)
    return node


def _cells(group: dict[str, Any]) -> list[str]:
    return [key for key, value in group.items() if isinstance(value, dict) and "count" in value]


def _complete_group(exact: dict[str, Any], shown: dict[str, Any], limit: int) -> None:
    cells = _cells(exact)
    withheld = [key for key in cells if shown[key].get("suppressed")]
    if "reasonable_or_full_share" in exact:
        shown["reasonable_or_full_band"] = band(exact["reasonable_or_full_share"])
    if not withheld:
        return
    # The withheld cells can be recovered together (total minus the others): make that sum
    # neither a single cell nor smaller than the threshold.
    while len(withheld) == 1 or sum(exact[key]["count"] for key in withheld) < limit:
        candidates = [key for key in cells if key not in withheld and exact[key]["count"] > 0]
        if not candidates:
            break
        smallest = min(candidates, key=lambda key: (exact[key]["count"], cells.index(key)))
        withheld.append(smallest)
    for key in cells:
        if key in withheld:
            shown[key] = dict(WITHHELD)
        else:
            shown[key].pop("share", None)
    # A share of the group (network / (network + person), reasonable or full / known) could
    # give a withheld cell back: withheld with them.
    for key in shown:
        if key.endswith("_share"):
            shown[key] = None
