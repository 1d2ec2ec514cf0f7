"""Scoped querysets: the only way case data is read.

A model whose rows belong to a programme gets a queryset class deriving from
``ScopedQuerySet`` and names its programme path and data class(es). ``visible_to(user)``
then keeps only the rows in programmes where the policy lets the user's role(s) act.
Out of scope means *not found*: views fetch single objects through ``get_visible_or_404``
so that a record's existence does not leak.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404

from grip.access.break_glass import active_keys
from grip.access.grants import grants_for
from grip.access.policy import Action, DataClass
from grip.network.models import Programme

M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[M]):
    #: lookup path from the model to its programme (``"programme"``, ``"incident__programme"``)
    programme_path: ClassVar[str] = "programme"
    #: the data classes the rows carry; a row is visible when any of them is
    data_classes: ClassVar[tuple[DataClass, ...]] = ()
    #: true when the programme path crosses a many-to-many relation (rows could repeat)
    path_is_many: ClassVar[bool] = False
    #: lookup path to the person's display key (``"person__display_key"``); empty when the
    #: rows belong to no person, and then break-the-glass never opens them
    person_key_path: ClassVar[str] = ""

    def visible_to(self, user: Any, action: Action = Action.VIEW) -> Self:
        grants = grants_for(user)
        programme_ids: set[int] = set()
        for data_class in self.data_classes:
            programme_ids |= grants.programmes(data_class, action)
        emergency = self.break_glass_q(user, action)
        if not programme_ids and emergency is None:
            return self.none()
        condition = models.Q(**{f"{self.programme_path}__in": sorted(programme_ids)})
        if emergency is not None:
            condition |= emergency
        scoped = self.filter(condition)
        return scoped.distinct() if self.path_is_many else scoped

    def break_glass_q(self, user: Any, action: Action = Action.VIEW) -> models.Q | None:
        """The rows of the persons the user holds an emergency access to, read-only, and only
        when the user's role may see one of the rows' data classes somewhere (break-the-glass
        widens the programme scope, never the data classes)."""
        if action != Action.VIEW or not self.person_key_path:
            return None
        grants = grants_for(user)
        if not any(grants.programmes(data_class, action) for data_class in self.data_classes):
            return None
        keys = active_keys(user)
        if not keys:
            return None
        return models.Q(**{f"{self.person_key_path}__in": sorted(keys)})


def get_visible_or_404(queryset: models.QuerySet[M], **lookup: Any) -> M:
    """One object out of an already scoped queryset, or 404 (never 403: no existence leak)."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def require(
    user: Any, data_class: DataClass, action: Action, programme_id: int | None = None
) -> None:
    """403 when the user may not do ``action`` on ``data_class`` (in the programme, if given).

    Use for screens (a form, a list) — not for single records, which must 404 when out of
    scope.
    """
    if not grants_for(user).can(data_class, action, programme_id):
        raise PermissionDenied


def member_programmes(user: Any) -> models.QuerySet[Programme]:
    """Every programme the user works in, whatever the role."""
    return Programme.objects.filter(pk__in=sorted(grants_for(user).programme_ids))


def programmes_where(
    user: Any, data_class: DataClass, action: Action
) -> models.QuerySet[Programme]:
    """The programmes in which the user may do ``action`` on ``data_class``."""
    ids = grants_for(user).programmes(data_class, action)
    return Programme.objects.filter(pk__in=sorted(ids)).order_by("name")
