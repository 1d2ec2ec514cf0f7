"""Who may read the free text of follow-up (issue 22, finding 2).

Everything people write in follow-up as free text — the reason on a trajectory event
(opening, AVE change, direction, hand-over, closing, reopening), a hand-over's reason, the
closure text and a contact's result — is social data, or care data where a care professional
wrote it (an author who holds one of ``policy.CARE_AUTHOR_ROLES`` in the programme). A viewer
reads it only where the access policy grants view on that class in the trajectory's programme;
the police role has neither, so it sees that a trajectory exists, its AVE level and its holders,
never what was written. Screens ask a ``TextGate`` per page, built in one query.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from grip.access.grants import grants_for
from grip.access.policy import CARE_AUTHOR_ROLES, Action, DataClass
from grip.followup.models import EventKind
from grip.network.models import Membership


class TextGate:
    """For one viewer and a set of programmes and authors: may this text be shown?"""

    def __init__(
        self, viewer: Any, programme_ids: Iterable[int], author_ids: Iterable[int | None]
    ) -> None:
        self._grants = grants_for(viewer)
        programmes = set(programme_ids)
        authors = {pk for pk in author_ids if pk is not None}
        # Also a membership that has since ended: what a care professional wrote stays care.
        rows = (
            Membership.objects.filter(
                user__in=authors, role__in=CARE_AUTHOR_ROLES, programmes__in=programmes
            ).values_list("user_id", "programmes")
            if programmes and authors
            else []
        )
        self._care_authors: set[tuple[int, int]] = set(rows)

    def data_class(self, programme_id: int, author_id: int | None) -> DataClass:
        if author_id is not None and (author_id, programme_id) in self._care_authors:
            return DataClass.CARE
        return DataClass.SOCIAL

    def shows(self, programme_id: int, author_id: int | None) -> bool:
        return self._grants.can(self.data_class(programme_id, author_id), Action.VIEW, programme_id)

    def text(self, text: str, programme_id: int, author_id: int | None) -> str:
        """``text`` when the viewer may read it, else ""."""
        return text if text and self.shows(programme_id, author_id) else ""


def closure_author_id(events: Iterable[Any]) -> int | None:
    """Who wrote the closure text: the author of the last closing event."""
    closing = [e for e in events if e.kind == EventKind.CLOSED]
    return closing[-1].by_id if closing else None
