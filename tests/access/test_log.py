from __future__ import annotations

import pytest

from grip.access.log import record
from grip.access.models import AccessEvent, AccessEventAction, AppendOnlyError


def test_access_log_is_append_only(persona, hotspot) -> None:
    event = record(persona("coordinator"), AccessEventAction.SEARCH, programme=hotspot)
    assert event.organisation == "Gemeente Groningen"
    assert event.role == "coordinator"
    event.purpose = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AccessEvent.objects.get(pk=event.pk).purpose == ""
