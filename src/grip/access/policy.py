"""The access policy: one table of role × data class × action.

Everything that decides who may see or do what asks this table: the scoped querysets, the
views, the templates (through ``grants``) and the rendered ``docs/permissions.md``.
A right in this table applies only inside the programmes of the membership that carries the
role: programme membership comes first, the role second.

Data classes:

- ``identity``: who a person is (name, date of birth, BSN, address) and the link between a
  pseudonymous key and a person.
- ``police``: incidents (meldingen) as the police registered them: code, number, times,
  place, first AVE estimate and the short description.
- ``care``: what care professionals record: responses' clinical details and care notes.
- ``social``: what the social domain records in follow-up: contacts, network, tasks.
- ``stats``: aggregated figures without persons (monitor, factsheet).
- ``audit``: the access log.
- ``learning``: reflection sessions: cases by pseudonymous key only, their turning points,
  the lessons and the agreed actions (the learning app). Who creates and changes them is the
  facilitator; who views a session is narrowed further to the organisations taking part.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from grip.network.models import Role


class DataClass(StrEnum):
    IDENTITY = "identity"
    POLICE = "police"
    CARE = "care"
    SOCIAL = "social"
    STATS = "stats"
    AUDIT = "audit"
    LEARNING = "learning"


class Action(StrEnum):
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    EXPORT = "export"


DATA_CLASS_LABELS = {
    DataClass.IDENTITY: _("identiteit"),
    DataClass.POLICE: _("politiegegevens"),
    DataClass.CARE: _("zorggegevens"),
    DataClass.SOCIAL: _("sociaal domein"),
    DataClass.STATS: _("cijfers"),
    DataClass.AUDIT: _("toegangslog"),
    DataClass.LEARNING: _("leren en verbeteren"),
}
ACTION_LABELS = {
    Action.VIEW: _("inzien"),
    Action.CREATE: _("vastleggen"),
    Action.CHANGE: _("wijzigen"),
    Action.EXPORT: _("exporteren"),
}

V, C, U, X = Action.VIEW, Action.CREATE, Action.CHANGE, Action.EXPORT

POLICY: dict[Role, dict[DataClass, frozenset[Action]]] = {
    Role.POLICE_OFFICER: {
        DataClass.IDENTITY: frozenset({V, C, U}),
        DataClass.POLICE: frozenset({V, C, U, X}),
        DataClass.STATS: frozenset({V}),
        DataClass.LEARNING: frozenset({V}),
    },
    Role.TRIAGE_NURSE: {
        DataClass.IDENTITY: frozenset({V, C, U}),
        DataClass.POLICE: frozenset({V}),
        DataClass.CARE: frozenset({V, C, U}),
        DataClass.SOCIAL: frozenset({V}),
        DataClass.STATS: frozenset({V}),
        DataClass.LEARNING: frozenset({V}),
    },
    Role.FOLLOWUP_WORKER: {
        DataClass.IDENTITY: frozenset({V, C, U}),
        DataClass.POLICE: frozenset({V}),
        DataClass.SOCIAL: frozenset({V, C, U}),
        DataClass.STATS: frozenset({V}),
        DataClass.LEARNING: frozenset({V}),
    },
    Role.PEER_EXPERT: {
        DataClass.SOCIAL: frozenset({V, C}),
        DataClass.LEARNING: frozenset({V}),
    },
    Role.COORDINATOR: {
        DataClass.IDENTITY: frozenset({V, C, U}),
        DataClass.POLICE: frozenset({V, C, U, X}),
        DataClass.CARE: frozenset({V, C, U, X}),
        DataClass.SOCIAL: frozenset({V, U, X}),
        # Change on stats: the factsheet's editorial items ("Wist je dat …"), never figures.
        DataClass.STATS: frozenset({V, U, X}),
        DataClass.LEARNING: frozenset({V, C, U, X}),
    },
    Role.ANALYST: {
        DataClass.STATS: frozenset({V, X}),
    },
    Role.PRIVACY_OFFICER: {
        DataClass.AUDIT: frozenset({V, X}),
    },
    Role.ADMINISTRATOR: {},
}


# Case files that organisations hold (trajectories) are seen programme-wide only by these
# roles: the coordinator (who must see everything slipping) and the police (who see only that a
# trajectory exists, its AVE level and its direction holder, to know whom to call). Every other
# role sees the trajectories its organisation holds or takes part in.
PROGRAMME_WIDE_CASE_ROLES: frozenset[Role] = frozenset({Role.COORDINATOR, Role.POLICE_OFFICER})


# Who decides that two person records are the same person (merge, keep apart, undo).
LINKING_ROLES: frozenset[Role] = frozenset({Role.COORDINATOR})


# Who may open a person's record outside their own programmes in an emergency
# ("noodtoegang", ``grip.access.break_glass``): the care and social roles that act on a person
# and the coordinator. Never the police (their data reaches them through their own programmes),
# peer experts, analysts, privacy officers or administrators. Break-the-glass widens the
# programme scope only: the role's data classes still apply, and it only ever reads.
BREAK_GLASS_ROLES: frozenset[Role] = frozenset(
    {Role.TRIAGE_NURSE, Role.FOLLOWUP_WORKER, Role.COORDINATOR}
)


# Casework (grip.casework): plans of approach, case conferences and breakthroughs are care and
# social data, so the police role sees none of them, also when the police take part in a table.
# These roles set up a programme's tables and conferences and answer breakthroughs; a
# conference is seen only by its participating organisations and these roles.
CASEWORK_CHAIR_ROLES: frozenset[Role] = frozenset({Role.COORDINATOR})


def allows(role: str, data_class: DataClass, action: Action) -> bool:
    """Does ``role`` grant ``action`` on ``data_class`` (inside its programmes)?"""
    return action in POLICY.get(Role(role), {}).get(data_class, frozenset())


def roles_allowed(data_class: DataClass, action: Action) -> frozenset[Role]:
    return frozenset(role for role in POLICY if allows(role, data_class, action))
