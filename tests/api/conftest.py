from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.api.clients import Partner, make_partner


@pytest.fixture
def partner(reference) -> Callable[[str], Partner]:
    """``partner("worker")``: that API client, made once per test."""
    made: dict[str, Partner] = {}

    def get(name: str) -> Partner:
        if name not in made:
            made[name] = make_partner(name)
        return made[name]

    return get
