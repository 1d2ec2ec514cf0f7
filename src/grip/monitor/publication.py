"""Small-cell suppression for outputs meant for publication (DOMAIN.md).

A count below the threshold (default 5, ``GRIP_SUPPRESSION_THRESHOLD``) that is not zero is
withheld: the JSON gives ``{"count": null, "suppressed": true}`` and no share. Counts that the
factsheet gives as plain numbers are turned into such objects when suppressed, so a reader
never mistakes a withheld value for a zero.
"""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings

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
    }
)
WITHHELD = {"count": None, "suppressed": True}


def threshold() -> int:
    return int(getattr(settings, "GRIP_SUPPRESSION_THRESHOLD", 5))


def is_small(value: Any, limit: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < limit


def suppress(figures: dict[str, Any], limit: int | None = None) -> dict[str, Any]:
    """A copy of ``figures`` with every small count withheld (the input stays exact)."""
    limit = threshold() if limit is None else limit
    return _walk(copy.deepcopy(figures), limit)


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
