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


# Free text written in follow-up (the reasons on trajectory events and hand-overs, the closure
# text, a contact's result) is social data; where one of these care roles wrote it, care data.
# Either way it is shown through this table (``grip.followup.texts``): the police, who view
# neither class, never read it.
CARE_AUTHOR_ROLES: frozenset[Role] = frozenset({Role.TRIAGE_NURSE})


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


class SignalRight(StrEnum):
    """What a role may do with the signals of its programmes (early signalling, ADR 0090)."""

    #: that a signal exists, its source, times, state and result; for ``POLICE_SOURCES_ONLY``
    #: roles only the signals that came from the police (a police source or an incident)
    VIEW = "view"
    #: the notes and the contacts: social-domain data, never for the police
    VIEW_NOTES = "view_notes"
    #: register a signal from any source the programme's screens offer
    REGISTER = "register"
    #: make a signal from a police incident in one step (pass an I28 report on)
    FORWARD = "forward"
    #: pick up, record contacts, close
    WORK = "work"
    #: steer the programme's signalling: the coordinator's overview of late and open
    #: signals, and the programme's signalling settings (pick-up term, sources, defaults)
    STEER = "steer"


SIGNAL_RIGHT_LABELS = {
    SignalRight.VIEW: _("signaal en status inzien"),
    SignalRight.VIEW_NOTES: _("toelichting en contacten inzien"),
    SignalRight.REGISTER: _("signaal registreren (elke bron)"),
    SignalRight.FORWARD: _("politiemelding doorzetten als signaal"),
    SignalRight.WORK: _("oppakken, contact vastleggen, afsluiten"),
    SignalRight.STEER: _("overzicht en instellingen van het programma"),
}

_SIGNAL_WORKER = frozenset(
    {
        SignalRight.VIEW,
        SignalRight.VIEW_NOTES,
        SignalRight.REGISTER,
        SignalRight.FORWARD,
        SignalRight.WORK,
    }
)

# Signals are the early-signalling programmes' unit of work. The care and social roles of the
# programme work them; the coordinator steers them; the police pass their reports on and see
# what became of them, never what the workers wrote. Analysts see signals only as figures
# (stats), privacy officers only in the access log, administrators not at all. Membership of
# the programme comes first here too: a right applies only in the programmes of the membership.
SIGNAL_POLICY: dict[Role, frozenset[SignalRight]] = {
    Role.POLICE_OFFICER: frozenset({SignalRight.VIEW, SignalRight.FORWARD}),
    Role.TRIAGE_NURSE: _SIGNAL_WORKER,
    Role.FOLLOWUP_WORKER: _SIGNAL_WORKER,
    Role.PEER_EXPERT: _SIGNAL_WORKER,
    Role.COORDINATOR: _SIGNAL_WORKER | {SignalRight.STEER},
    Role.ANALYST: frozenset(),
    Role.PRIVACY_OFFICER: frozenset(),
    Role.ADMINISTRATOR: frozenset(),
}

# The roles that see a signal only when it came from the police (a police source, or made
# from an incident): the police pass reports on and may see whether they were picked up.
POLICE_SOURCES_ONLY: frozenset[Role] = frozenset({Role.POLICE_OFFICER})

# The source codes that are the police's own (vocabulary ``signal_source``).
POLICE_SIGNAL_SOURCES: frozenset[str] = frozenset({"police_i28", "police_other"})


def signal_allows(role: str, right: SignalRight) -> bool:
    """Does ``role`` grant ``right`` on the signals of its programmes?"""
    return right in SIGNAL_POLICY.get(Role(role), frozenset())


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
