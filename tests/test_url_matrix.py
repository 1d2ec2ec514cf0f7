"""The persona × URL × method matrix, generated from the URL configuration, and the access-log
walk over every URL that touches person data.

HOW TO ADD A VIEW (other issues: read this)
-------------------------------------------
Every named URL pattern needs one entry in ``EXPECTATIONS`` below, keyed by its name as
``reverse()`` takes it (``"app:name"``). A URL without an entry fails
``test_every_url_has_an_entry`` (and so does an entry whose URL is gone). An entry is::

    "triage:response_detail": Url(
        kwargs=lambda w: {"pk": w.response.pk},   # URL kwargs from tests/access/world.py
        get=only(404, triage_nurse=200, coordinator=200),   # persona -> status for a GET
        post=None,                                # None: the method answers 405 for everyone
        walk="get",                               # touches person data: the log walk requests it
    ),

- ``get`` / ``post`` map EVERY persona of ``tests.personas.PERSONA_NAMES`` to a status (200,
  302, 400, 403, 404). Build them with ``everyone(status)`` or ``only(default, name=status…)``.
  POSTs send ``post_data(world)`` (an empty form by default); each request runs in a rolled-back
  savepoint, so a POST by one persona changes nothing for the next.
- ``query`` is the query string, sent with the GET and the POST alike.
- ``walk`` names the method ("get" or "post") that shows or changes person data; the walk
  then checks that an allowed persona's request writes an allowed access-log row and a
  refused persona's (403/404) a refused one. Leave it empty only for screens without person
  data, and say why in ``note``.
- ``export=True``: a download; the walk also checks that the allowed request's row is an
  export row (every export is logged as one, also of aggregate figures).
- Need a record the World lacks? Add it to ``tests/access/world.py``.
- URLs that need no matrix (the admin, log-in/out, the language switch) are in ``EXEMPT``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from grip.access.models import AccessEvent, AccessEventAction, AccessEventOutcome
from tests.access.world import World, build_world
from tests.personas import PERSONA_NAMES, logged_in_client
from tests.url_walk import url_names

Statuses = dict[str, int]


def everyone(status: int) -> Statuses:
    return dict.fromkeys(PERSONA_NAMES, status)


def only(default: int, **others: int) -> Statuses:
    unknown = set(others) - set(PERSONA_NAMES)
    assert not unknown, f"not a persona: {unknown}"
    return {**everyone(default), **others}


@dataclass(frozen=True)
class Url:
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    get: Statuses | None = None
    post: Statuses | None = None
    post_data: Callable[[World], dict[str, Any]] = lambda w: {}
    query: Callable[[World], dict[str, Any]] = lambda w: {}
    walk: str = ""
    note: str = ""
    export: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


EXEMPT_NAMES = {
    "login": "public: the log-in page",
    "logout": "ends the session; no data",
    "set_language": "the language switch; no data",
    "password_reset_off": "allauth's password reset, switched off: 404 for everyone (ADR 0042)",
    # Load-balancer probes: public like the log-in page, JSON without data (tests/ops/).
    "health:live": "public: liveness probe; no data",
    "health:ready": "public: readiness probe; no data",
    "experience_answer": "the one-time answering page for the person, without login by design"
    " (ADR 0110): the random token is the key; it shows only the questions and no person data;"
    " single use, expiry, rate limit and logging are tested in tests/experience/test_link.py",
}
# The admin is for administrators only and holds no person data (tests/access/test_admin.py).
# allauth's pages under account/ are one's own login, second factor and recovery codes: no
# person data; tests/accounts/ walks every URL to show a password alone reaches none of these.
# The partner API answers API clients (tokens), not personas (sessions): its own persona-and-
# client matrix, generated from the same URL configuration, is tests/api/test_api_matrix.py.
EXEMPT_ROUTE_PREFIXES = ("beheer/", "account/", "api/v1/")

HOTSPOT = "groninger-hotspot"
# Roles grouped as the policy groups them (docs/permissions.md).
CASE_ROLES = {"police_officer": 200, "triage_nurse": 200, "followup_worker": 200}
NOT_IN_CASES = {"analyst": 404, "privacy_officer": 404, "administrator": 404, "outsider": 404}


# Learning (tests/learning/test_views.py has the same table per screen). The session's
# participants are the police, Lentis and WIJ; the coordinator facilitates.
LEARNING_INDEX = only(200, privacy_officer=403, administrator=403)
LEARNING_PROGRAMME = only(200, privacy_officer=403, administrator=404, outsider=404)
TOP_THREES = {**LEARNING_PROGRAMME, "analyst": 403}
WHAT_WORKS = {**LEARNING_PROGRAMME, "peer_expert": 403}
FACILITATOR = only(403, coordinator=200, administrator=404, outsider=404)
FACILITATOR_POST = {**FACILITATOR, "coordinator": 400}  # an empty form: its errors, 400
SESSION_PARTICIPANTS = only(404, **CASE_ROLES, coordinator=200)
SESSION_FACILITATOR = only(
    404, police_officer=403, triage_nurse=403, followup_worker=403, coordinator=200
)


def _session_records(w: World) -> dict[str, Any]:
    """A turning point, an outcome and an agreed action in the world's session, made on first
    use (once per world): only the learning rows below need them."""
    made: dict[str, Any] | None = getattr(w, "_learning_records", None)
    if made is None:
        from grip.learning import actions
        from grip.learning.models import OutcomeKind
        from tests.learning.helpers import orgs, theme

        session, coordinator = w.session, w.session.facilitator
        point = actions.add_turning_point(
            coordinator, session.cases.get(), occurred_on=timezone.localdate(),
            what_happened="Synthetisch kantelmoment.", effect="worked", for_whom=[],
            themes=[theme("capacity")],
        )  # fmt: skip
        outcome = actions.add_outcome(
            coordinator, session, kind=OutcomeKind.LEARNING, theme=theme("capacity"),
            text="Synthetisch leerpunt.",
        )  # fmt: skip
        agreed = actions.agree_action(
            coordinator, session, description="Synthetische actie", owner=orgs("lentis")[0],
            due_on=timezone.localdate() + dt.timedelta(days=14),
        )  # fmt: skip
        made = {"turning_point": point, "outcome": outcome, "agreed_action": agreed}
        w._learning_records = made  # type: ignore[attr-defined]
    return made


def _session_record(kind: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"session_pk": w.session.pk, "pk": _session_records(w)[kind].pk}


def _api_client(w: World) -> Any:
    """An API client made by another administrator than the persona (so the persona may
    approve it), made on first use (once per world)."""
    made = getattr(w, "_api_client", None)
    if made is None:
        from tests.api.clients import make_partner

        made = make_partner("worker", approve=False).client
        w._api_client = made  # type: ignore[attr-defined]
    return made


def _experience_records(w: World) -> dict[str, Any]:
    """A story consent for the world's person, recorded by the follow-up worker, and one
    experience story by the peer expert on the world's signal; made on first use."""
    made: dict[str, Any] | None = getattr(w, "_experience_records", None)
    if made is None:
        from grip.experience import actions
        from tests.learning.helpers import theme

        worker = w.task.owner
        peer_expert = get_user_model().objects.get(username="persona-peer_expert")
        consent = actions.record_consent(worker, w.trajectory, given_on=timezone.localdate())
        story = actions.write_story(
            peer_expert, w.signal, text="Synthetisch: ik voelde me gehoord.",
            themes=[theme("value_of_peer_expertise")],
        )  # fmt: skip
        made = {"consent": consent, "story": story}
        w._experience_records = made  # type: ignore[attr-defined]
    return made


def _traject(w: World) -> dict[str, Any]:
    return {"kind": "traject", "pk": w.trajectory.pk}


# The person's own view (ADR 0110) on the world's trajectory: those who work on it (the
# nurse through the pending hand-over to Lentis, WIJ holding direction, the coordinator); the
# police see the trajectory but not care or social data (403); the rest do not find it.
EXPERIENCE = only(404, police_officer=403, triage_nurse=200, followup_worker=200,
                  coordinator=200)  # fmt: skip
EXPERIENCE_EMPTY_POST = only(404, police_officer=403, triage_nurse=400, followup_worker=400,
                             coordinator=400)  # fmt: skip
EXPERIENCE_FORM_NOTE = (
    "a form: shows no answers or stories; an empty POST comes back with its errors (400); "
    "every save is logged (tests/experience)"
)


def _hotspot(w: World) -> dict[str, Any]:
    return {"slug": HOTSPOT}


def _key(w: World) -> dict[str, Any]:
    return {"display_key": w.person.display_key}


def _incident_form(w: World) -> dict[str, Any]:
    from tests.intake.test_views import _form_data

    return _form_data(w.incident.programme)


def _signal_form(w: World) -> dict[str, Any]:
    import uuid

    from grip.network.models import Municipality
    from grip.vocab.models import Term, Vocabulary

    return {
        "programme": w.incident.programme.pk,
        "source": Term.objects.get(vocabulary=Vocabulary.SIGNAL_SOURCE, code="gp").pk,
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "municipality": Municipality.objects.get(cbs_code="GM0014").pk,
        "person_choice": "unknown",
        "submission_key": str(uuid.uuid4()),
    }


def _situations_file(w: World) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.triage.test_exchange_helpers import a_row, csv_bytes

    data = csv_bytes([a_row(incident_number="MATRIX-1")])
    return {"file": SimpleUploadedFile("situaties.csv", data, content_type="text/csv")}


def _signals_file(w: World) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.signalling.exchange_helpers import a_row, csv_bytes

    # A Hotspot row: the coordinator persona coordinates the Hotspot, so the row is written.
    data = csv_bytes([a_row(signal_number="MATRIX-1", programme=HOTSPOT)])
    return {"file": SimpleUploadedFile("signalen.csv", data, content_type="text/csv")}


def _import_job(w: World) -> dict[str, Any]:
    """A finished background import of the coordinator (made on first use, once per world)."""
    job = getattr(w, "_import_job", None)
    if job is None:
        from django.contrib.auth import get_user_model

        from grip.ops.models import Job, JobKind, JobStatus

        job = Job.objects.create(
            kind=JobKind.IMPORT_SITUATIONS,
            user=get_user_model().objects.get(username="persona-coordinator"),
            file_name="situaties.csv",
            status=JobStatus.DONE,
            result={"created": 1, "updated": 0, "unchanged": 0, "rejected": 0, "errors": []},
        )
        w._import_job = job  # type: ignore[attr-defined]
    return {"pk": job.pk}


def _export_query(w: World) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "programme": HOTSPOT,
        "date_from": (today - dt.timedelta(days=30)).isoformat(),
        "date_to": today.isoformat(),
    }


def _compare_query(w: World) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "programme": HOTSPOT,
        "a_from": (today - dt.timedelta(days=61)).isoformat(),
        "a_to": (today - dt.timedelta(days=31)).isoformat(),
        "b_from": (today - dt.timedelta(days=30)).isoformat(),
        "b_to": today.isoformat(),
    }


def _note(w: World) -> dict[str, Any]:
    return {"pk": w.note.pk}


# Monitor (tests/monitor/test_views.py, test_notes.py, test_research.py have the same tables):
# the outsider is a coordinator elsewhere, for whom the Hotspot does not exist.
STATS_VIEW = only(403, **CASE_ROLES, coordinator=200, analyst=200, outsider=404)
STATS_EXPORT = only(403, coordinator=200, analyst=200, outsider=404)
NOTE_EDITOR = only(403, coordinator=200, outsider=404)


EXPECTATIONS: dict[str, Url] = {
    "home": Url(get=everyone(200), post=everyone(200), note="the user's programmes and roles"),
    # --- intake -----------------------------------------------------------------------------
    "intake:incident_list": Url(
        get=only(403, **CASE_ROLES, coordinator=200, outsider=200),
        post=only(403, **CASE_ROLES, coordinator=200, outsider=200),
        walk="get",
    ),
    "intake:incident_create": Url(
        get=only(403, police_officer=200, coordinator=200, outsider=200),
        post=only(403, police_officer=302, coordinator=302, outsider=400),
        post_data=_incident_form,
        walk="post",
        note="the outsider posts into the Hotspot, which its form does not offer: 400 with errors",
    ),
    "intake:incident_detail": Url(
        kwargs=lambda w: {"pk": w.incident.pk},
        get=only(404, **CASE_ROLES, coordinator=200),
        post=only(404, **CASE_ROLES, coordinator=200),
        walk="get",
    ),
    # --- triage -----------------------------------------------------------------------------
    "triage:response_list": Url(
        get=only(403, **CASE_ROLES, coordinator=200, outsider=200),
        post=only(403, **CASE_ROLES, coordinator=200, outsider=200),
        walk="get",
    ),
    "triage:response_create": Url(
        kwargs=lambda w: {"incident_pk": w.bare_incident.pk},
        get=only(404, police_officer=403, triage_nurse=200, followup_worker=403, coordinator=200),
        post=only(404, police_officer=403, triage_nurse=400, followup_worker=403, coordinator=400),
        walk="get",
        note="an empty form comes back with its errors (400)",
    ),
    "triage:response_detail": Url(
        kwargs=lambda w: {"pk": w.response.pk},
        get=only(404, **CASE_ROLES, coordinator=200),
        post=only(404, **CASE_ROLES, coordinator=200),
        walk="get",
    ),
    "triage:response_edit": Url(
        kwargs=lambda w: {"pk": w.response.pk},
        get=only(404, police_officer=403, triage_nurse=200, followup_worker=403, coordinator=200),
        post=only(404, police_officer=403, triage_nurse=400, followup_worker=403, coordinator=400),
        walk="get",
        note="an empty form comes back with its errors (400)",
    ),
    "triage:import_upload": Url(
        get=only(403, coordinator=200, outsider=200),
        post=only(403, coordinator=200, outsider=200),
        post_data=_situations_file,
        walk="post",
    ),
    # The signals upload: the coordinator of any programme (the outsider coordinates wijk-ggd);
    # the file's rows are judged per programme (tests/signalling/test_exchange_views.py).
    "signal_exchange:import_upload": Url(
        get=only(403, coordinator=200, outsider=200),
        post=only(403, coordinator=200, outsider=200),
        post_data=_signals_file,
        walk="post",
    ),
    "triage:import_job": Url(
        kwargs=_import_job,
        get=only(404, coordinator=200),
        note="one's own background import: its progress and row report (counts, line numbers "
        "and reasons; no person data); anyone else's is 404",
    ),
    "triage:export_download": Url(
        query=_export_query,
        get=only(403, police_officer=200, coordinator=200, outsider=404, administrator=404),
        walk="get",
        export=True,
        note="the Hotspot is not one of the outsider's (or administrator's) programmes: 404",
    ),
    # --- follow-up --------------------------------------------------------------------------
    "followup:my_work": Url(
        get=only(200, analyst=403, privacy_officer=403, administrator=403),
        post=only(200, analyst=403, privacy_officer=403, administrator=403),
        walk="get",
    ),
    "followup:overview": Url(
        get=only(403, coordinator=200, outsider=200),
        post=only(403, coordinator=200, outsider=200),
        walk="get",
    ),
    "followup:revolving": Url(
        get=only(403, coordinator=200, outsider=200),
        post=only(403, coordinator=200, outsider=200),
        walk="get",
    ),
    "followup:open_from_incident": Url(
        kwargs=lambda w: {"incident_pk": w.bare_incident.pk},
        get=only(404, police_officer=403, triage_nurse=200, followup_worker=200, coordinator=200),
        post=only(404, police_officer=403, triage_nurse=400, followup_worker=400, coordinator=400),
        walk="get",
        note="an empty form comes back with its errors (400)",
    ),
    "followup:trajectory_detail": Url(
        kwargs=lambda w: {"pk": w.trajectory.pk},
        get=only(404, **CASE_ROLES, coordinator=200),
        post=only(404, **CASE_ROLES, coordinator=200),
        walk="get",
    ),
    "followup:trajectory_action": Url(
        kwargs=lambda w: {"pk": w.trajectory.pk, "action": "ave"},
        post=only(404, police_officer=400, triage_nurse=400, followup_worker=400, coordinator=400),
        walk="post",
        note="an empty form comes back with its errors (400) to whoever may see the trajectory",
    ),
    "experience:overview": Url(kwargs=_traject, get=EXPERIENCE, walk="get"),
    "experience:ask": Url(
        kwargs=_traject, get=EXPERIENCE, post=EXPERIENCE_EMPTY_POST, note=EXPERIENCE_FORM_NOTE
    ),
    "experience:link": Url(kwargs=_traject, post=EXPERIENCE_EMPTY_POST, note=EXPERIENCE_FORM_NOTE),
    "experience:relative_support": Url(
        kwargs=lambda w: {"pk": w.trajectory.pk},
        post=EXPERIENCE_EMPTY_POST,
        note=EXPERIENCE_FORM_NOTE,
    ),
    "experience:consent": Url(
        kwargs=_traject, post=EXPERIENCE_EMPTY_POST, note=EXPERIENCE_FORM_NOTE
    ),
    "experience:story": Url(
        # On the world's signal: the peer expert works signals in the Hotspot; only a peer
        # expert writes stories (403 for the other roles that see the signal).
        kwargs=lambda w: {"kind": "signaal", "pk": w.signal.pk},
        get=only(
            404,
            police_officer=403,
            triage_nurse=403,
            followup_worker=403,
            peer_expert=200,
            coordinator=403,
        ),
        post=only(
            404,
            police_officer=403,
            triage_nurse=403,
            followup_worker=403,
            peer_expert=400,
            coordinator=403,
        ),
        note=EXPERIENCE_FORM_NOTE,
    ),
    "experience:withdraw": Url(
        kwargs=lambda w: {"pk": _experience_records(w)["consent"].pk},
        post=only(404, triage_nurse=302, followup_worker=302, peer_expert=302, coordinator=302),
        walk="post",
        note="withdrawing consent removes the stories; whoever may record care or social data",
    ),
    "experience:stories": Url(
        kwargs=lambda w: _experience_records(w) and {},
        get=only(
            403,
            triage_nurse=200,
            followup_worker=200,
            peer_expert=200,
            coordinator=200,
            outsider=200,
        ),
        walk="get",
        note="the stories one may read, in all one's programmes (the outsider: none of the"
        " Hotspot's)",
    ),
    "followup:answer_handover": Url(
        kwargs=lambda w: {"pk": w.trajectory.pk, "handover_pk": w.handover.pk},
        post=only(404, police_officer=403, triage_nurse=302, followup_worker=403, coordinator=302),
        walk="post",
    ),
    "followup:task_done": Url(
        kwargs=lambda w: {"pk": w.trajectory.pk, "task_pk": w.task.pk},
        post=only(404, police_officer=403, triage_nurse=302, followup_worker=302, coordinator=302),
        walk="post",
    ),
    # --- early signalling (issue 16; policy: SIGNAL_POLICY, docs/permissions.md) -----------
    "signalling:signal_create": Url(
        get=only(
            403,
            triage_nurse=200,
            followup_worker=200,
            peer_expert=200,
            coordinator=200,
            outsider=200,
        ),
        post=only(
            403,
            triage_nurse=302,
            followup_worker=302,
            peer_expert=302,
            coordinator=302,
            outsider=400,
        ),
        post_data=_signal_form,
        walk="post",
        note="the police pass reports on, they do not register signals; the outsider posts"
        " into the Hotspot, which its form does not offer: 400 with errors",
    ),
    "signalling:signal_from_incident": Url(
        kwargs=lambda w: {"incident_pk": w.bare_incident.pk},
        get=only(404, **CASE_ROLES, coordinator=200),
        post=only(404, police_officer=302, triage_nurse=302, followup_worker=302, coordinator=302),
        walk="get",
        note="the peer expert sees no police incidents (404), so passes none on",
    ),
    "signalling:signal_detail": Url(
        kwargs=lambda w: {"pk": w.signal.pk},
        get=only(404, **CASE_ROLES, peer_expert=200, coordinator=200),
        walk="get",
        note="the police see a police-sourced signal's state (need-to-know: not its notes)",
    ),
    "signalling:signal_pick_up": Url(
        kwargs=lambda w: {"pk": w.new_signal.pk},
        post=only(404, triage_nurse=302, followup_worker=302, peer_expert=302, coordinator=302),
        walk="post",
        note="a signal from a GP: not the police's to see (404)",
    ),
    "signalling:signal_contact": Url(
        kwargs=lambda w: {"pk": w.signal.pk},
        post=only(
            404,
            police_officer=403,
            triage_nurse=400,
            followup_worker=400,
            peer_expert=400,
            coordinator=400,
        ),
        walk="post",
        note="an empty form comes back with its errors (400); the police may see, not work",
    ),
    "signalling:signal_close": Url(
        kwargs=lambda w: {"pk": w.signal.pk},
        post=only(
            404,
            police_officer=403,
            triage_nurse=400,
            followup_worker=400,
            peer_expert=400,
            coordinator=400,
        ),
        walk="post",
        note="an empty form comes back with its errors (400); the police may see, not work",
    ),
    # --- casework (tests/casework/ has the same tables) ---------------------------------------
    # The world's trajectory: WIJ (the follow-up worker's) holds case direction, a hand-over to
    # Lentis (the nurse's) is pending. A plan is social data: the police see none of it.
    "casework:plan": Url(
        kwargs=lambda w: {"pk": w.trajectory.pk},
        get=only(404, police_officer=403, triage_nurse=200, followup_worker=200, coordinator=200),
        post=only(404, police_officer=403, triage_nurse=403, followup_worker=400, coordinator=400),
        walk="get",
        note="only direction holders and the coordinator write; an empty form: errors, 400",
    ),
    "casework:breakthrough_new": Url(
        kwargs=lambda w: {"pk": w.trajectory.pk},
        get=only(404, police_officer=403, triage_nurse=403, followup_worker=200, coordinator=200),
        post=only(404, police_officer=403, triage_nurse=403, followup_worker=400, coordinator=400),
        walk="get",
    ),
    "casework:breakthrough_detail": Url(
        kwargs=lambda w: {"pk": w.breakthrough.pk},
        get=only(404, triage_nurse=200, followup_worker=200, coordinator=200),
        post=only(404, triage_nurse=403, followup_worker=403, coordinator=400),
        walk="get",
        note="only the coordinator answers; an empty answer: errors, 400",
    ),
    "casework:tables": Url(
        get=only(403, coordinator=200, outsider=200),
        post=only(403, coordinator=400, outsider=400),
        note="a programme's tables (names, mandate): no person data",
    ),
    "casework:table_active": Url(
        kwargs=lambda w: {"pk": w.table.pk},
        post=only(404, coordinator=302),
        note="a table in or out of use: no person data",
    ),
    "casework:conference_list": Url(
        get=only(200, police_officer=403, analyst=403, privacy_officer=403, administrator=403),
        post=only(200, police_officer=403, analyst=403, privacy_officer=403, administrator=403),
        walk="get",
    ),
    "casework:conference_new": Url(
        get=only(403, coordinator=200, outsider=200),
        post=only(403, coordinator=400, outsider=400),
        note="a table, a date and organisations: no person data; an empty form: errors, 400",
    ),
    "casework:conference_detail": Url(
        kwargs=lambda w: {"pk": w.conference.pk},
        get=only(404, triage_nurse=200, followup_worker=200, coordinator=200),
        walk="get",
        note="only the participants (Lentis, WIJ) and the programme's coordinator",
    ),
    "casework:agenda_add": Url(
        kwargs=lambda w: {"pk": w.conference.pk},
        post=only(404, triage_nurse=400, followup_worker=400, coordinator=400),
        walk="post",
        note="an empty form comes back with its errors (400) to the participants",
    ),
    "casework:decision_add": Url(
        kwargs=lambda w: {"pk": w.conference.pk, "item_pk": w.agenda_item.pk},
        post=only(404, triage_nurse=400, followup_worker=400, coordinator=400),
        walk="post",
        note="an empty form comes back with its errors (400) to the participants",
    ),
    # --- persons ----------------------------------------------------------------------------
    "person_timeline": Url(
        kwargs=_key,
        get=only(404, **CASE_ROLES, peer_expert=200, coordinator=200),
        post=only(404, **CASE_ROLES, peer_expert=200, coordinator=200),
        walk="get",
    ),
    "people:match_list": Url(get=only(403, coordinator=200, outsider=200), walk="get"),
    "people:match_reveal": Url(
        kwargs=lambda w: {"pk": w.suggestion.pk},
        post=only(403, coordinator=200, outsider=404),
        walk="post",
    ),
    "people:match_merge": Url(
        kwargs=lambda w: {"pk": w.suggestion.pk},
        post=only(403, coordinator=400, outsider=404),
        walk="post",
        note="an empty form comes back with its errors (400)",
    ),
    "people:match_keep_apart": Url(
        kwargs=lambda w: {"pk": w.suggestion.pk},
        post=only(403, coordinator=400, outsider=404),
        walk="post",
        note="an empty form comes back with its errors (400)",
    ),
    "people:merge_undo": Url(
        kwargs=lambda w: {"pk": w.merge.pk},
        post=only(403, coordinator=400, outsider=404),
        walk="post",
        note="an empty form comes back with its errors (400)",
    ),
    "people:person_detail": Url(
        kwargs=_key, get=only(404, **CASE_ROLES, peer_expert=200, coordinator=200), walk="get"
    ),
    "people:person_reveal": Url(
        kwargs=_key,
        get=only(404, **dict.fromkeys(CASE_ROLES, 302), peer_expert=302, coordinator=302),
        post=only(404, **CASE_ROLES, peer_expert=403, coordinator=200),
        walk="post",
        note="a GET only leads back to the person page: nothing is revealed without a POST",
    ),
    "people:person_identity": Url(
        kwargs=_key,
        post=only(404, **dict.fromkeys(CASE_ROLES, 400), peer_expert=403, coordinator=400),
        walk="post",
        note="an empty form comes back with its errors (400)",
    ),
    # --- network (no person data) -----------------------------------------------------------
    "network:programme_detail": Url(
        kwargs=lambda w: {"slug": HOTSPOT},
        get=only(200, administrator=404, outsider=404),
        post=only(200, administrator=404, outsider=404),
        note="a programme's areas and the user's roles: no person data",
    ),
    "network:partner_directory": Url(
        kwargs=lambda w: {"slug": HOTSPOT},
        get=only(200, administrator=404, outsider=404),
        post=only(200, administrator=404, outsider=404),
        note="organisations and their contacts: no person data",
    ),
    # --- memberships: four-eyes on every role given (tests/network/test_memberships.py) -----
    "memberships:list": Url(
        get=only(403, coordinator=200, administrator=200, outsider=200),
        note="staff and their roles, requests and decisions: no person data; the outsider, a"
        " coordinator elsewhere, sees only its own programme's",
    ),
    "memberships:request_new": Url(
        get=only(403, administrator=200),
        post=only(403, administrator=400),
        note="asking a role for a staff member: no person data; only administrators ask; an"
        " empty form comes back with its errors (400); the request is logged",
    ),
    "memberships:decide": Url(
        kwargs=lambda w: {"pk": w.membership_request.pk},
        post=only(403, coordinator=302, outsider=404),
        post_data=lambda w: {"answer": "approve"},
        note="approving a staff member's role: no person data; not by the administrator who"
        " asked (403), not seen by a coordinator elsewhere (404); the decision is logged",
    ),
    "memberships:revoke": Url(
        kwargs=lambda w: {"pk": w.staff_membership.pk},
        post=only(403, coordinator=302, administrator=302, outsider=404),
        post_data=lambda w: {"reason": "Synthetisch: uit dienst."},
        note="ending a staff member's role: no person data; logged",
    ),
    # --- API clients (issue 18): the administrator's screen -------------------------------
    "api_clients:list": Url(
        get=only(403, administrator=200),
        note="partners' systems, their organisations and roles: no person data; logged per step",
    ),
    "api_clients:new": Url(
        get=only(403, administrator=200),
        post=only(403, administrator=400),
        note="adding a partner's system: no person data; an empty form comes back with its"
        " errors (400); the client made is logged",
    ),
    "api_clients:approve": Url(
        kwargs=lambda w: {"pk": _api_client(w).pk},
        post=only(403, administrator=302),
        note="the second administrator's approval (four eyes): no person data; logged",
    ),
    "api_clients:rotate": Url(
        kwargs=lambda w: {"pk": _api_client(w).pk},
        post=only(403, administrator=200),
        note="a new secret, shown once: no person data; logged",
    ),
    "api_clients:revoke": Url(
        kwargs=lambda w: {"pk": _api_client(w).pk},
        post=only(403, administrator=302),
        note="revoking a partner's system: no person data; logged",
    ),
    # --- the privacy officer (audit) --------------------------------------------------------
    "access:log_search": Url(get=only(403, privacy_officer=200), walk="get"),
    "access:log_export": Url(get=only(403, privacy_officer=200), walk="get", export=True),
    "access:break_glass": Url(
        get=only(403, triage_nurse=200, followup_worker=200, coordinator=200, outsider=200),
        post=only(403, triage_nurse=302, followup_worker=302, coordinator=302, outsider=302),
        post_data=lambda w: {
            "person_key": w.person.display_key,
            "reason": "Synthetisch: acute crisis, dossier nodig.",
        },
        walk="post",
    ),
    "access:break_glass_list": Url(get=only(403, privacy_officer=200), walk="get"),
    "access:break_glass_review": Url(
        kwargs=lambda w: {"pk": w.break_glass.pk},
        post=only(403, privacy_officer=302),
        post_data=lambda w: {"note": "Terecht: synthetische crisis."},
        walk="post",
    ),
    "privacy:subject_report": Url(kwargs=_key, get=only(403, privacy_officer=200), walk="get"),
    "privacy:subject_export": Url(
        kwargs=_key, get=only(403, privacy_officer=200), walk="get", export=True
    ),
    # --- learning ---------------------------------------------------------------------------
    "learning:index": Url(
        get=LEARNING_INDEX, post=LEARNING_INDEX, note="the user's programmes and their cycles"
    ),
    "learning:programme": Url(
        kwargs=_hotspot,
        get=LEARNING_PROGRAMME,
        post=LEARNING_PROGRAMME,
        note="cycles and sessions (date, topic, organisations): no case keys",
    ),
    "learning:cycle_new": Url(
        kwargs=_hotspot,
        get=FACILITATOR,
        post=FACILITATOR_POST,
        note="a cycle's number, phase and dates: no person data; an empty POST: errors, 400",
    ),
    "learning:cycle_edit": Url(
        kwargs=lambda w: {"slug": HOTSPOT, "pk": w.cycle.pk},
        get=FACILITATOR,
        post=FACILITATOR_POST,
        note="a cycle's number, phase and dates: no person data; an empty POST: errors, 400",
    ),
    "learning:session_new": Url(
        kwargs=_hotspot,
        get=FACILITATOR,
        post=FACILITATOR_POST,
        note="date, topic, facilitator and organisations: no cases; an empty POST: errors, 400",
    ),
    "learning:session_detail": Url(
        kwargs=lambda w: {"pk": w.session.pk},
        get=SESSION_PARTICIPANTS,
        walk="get",
        note="the session's cases by pseudonymous key; read-only: a POST is 405",
    ),
    "learning:session_edit": Url(
        kwargs=lambda w: {"pk": w.session.pk},
        get=SESSION_FACILITATOR,
        post={**SESSION_FACILITATOR, "coordinator": 400},
        note="date, topic, facilitator and organisations: no cases; an empty POST: errors, 400",
    ),
    "learning:session_action": Url(
        kwargs=lambda w: {"pk": w.session.pk, "action": "uitkomst"},
        post={**SESSION_FACILITATOR, "coordinator": 400},
        walk="post",
        note="an empty outcome form comes back with its errors (400) on the session page",
    ),
    "learning:turning_point_edit": Url(
        kwargs=_session_record("turning_point"),
        get=SESSION_FACILITATOR,
        post={**SESSION_FACILITATOR, "coordinator": 400},
        walk="get",
        note="a turning point, by its case's pseudonymous key; an empty POST: errors, 400",
    ),
    "learning:turning_point_remove": Url(
        kwargs=_session_record("turning_point"),
        post={**SESSION_FACILITATOR, "coordinator": 400},
        walk="post",
        note="without 'Ik weet het zeker' nothing is removed: the edit page again, 400",
    ),
    "learning:outcome_edit": Url(
        kwargs=_session_record("outcome"),
        get=SESSION_FACILITATOR,
        post={**SESSION_FACILITATOR, "coordinator": 400},
        walk="get",
        note="an outcome (theme and text) of the session; an empty POST: errors, 400",
    ),
    "learning:outcome_remove": Url(
        kwargs=_session_record("outcome"),
        post={**SESSION_FACILITATOR, "coordinator": 400},
        walk="post",
        note="without 'Ik weet het zeker' nothing is removed: the edit page again, 400",
    ),
    "learning:agreed_action_edit": Url(
        kwargs=_session_record("agreed_action"),
        get=SESSION_FACILITATOR,
        post={**SESSION_FACILITATOR, "coordinator": 400},
        walk="get",
        note="an agreed action of the session; an empty POST: errors, 400",
    ),
    "learning:agreed_action_remove": Url(
        kwargs=_session_record("agreed_action"),
        post={**SESSION_FACILITATOR, "coordinator": 400},
        walk="post",
        note="without 'Ik weet het zeker' nothing is removed: the edit page again, 400",
    ),
    "learning:review_pack": Url(
        kwargs=lambda w: {"pk": w.session.pk},
        get=SESSION_FACILITATOR,
        walk="get",
        note="the printed export of the session's cases; read-only: a POST is 405",
    ),
    "learning:top_threes": Url(
        kwargs=_hotspot,
        get=TOP_THREES,
        post=only(403, coordinator=302, administrator=404, outsider=404),
        note="themes counted per session and their wordings: no person data",
    ),
    "learning:bottlenecks": Url(
        kwargs=_hotspot,
        get=FACILITATOR,
        post=FACILITATOR_POST,
        walk="get",
        note="bottlenecks with the cases behind them by key; an empty plan: errors, 400",
    ),
    "learning:what_works": Url(
        kwargs=_hotspot,
        get=WHAT_WORKS,
        post=WHAT_WORKS,
        note="aggregate figures per intervention (stats): no person data",
    ),
    # --- signalling: the queue, Mijn signalen, the programme's settings (sig-queue) -----------
    # Who works signals (SIGNAL_POLICY's WORK): every care and social role and the coordinator;
    # the police pass reports on and see what became of them on the signal's page, not here.
    "signalling:index": Url(
        get=only(200, police_officer=403, analyst=403, privacy_officer=403, administrator=403),
        walk="get",
    ),
    "signalling:mine": Url(
        get=only(200, police_officer=403, analyst=403, privacy_officer=403, administrator=403),
        walk="get",
    ),
    "signalling:queue": Url(
        kwargs=_hotspot,
        get=only(
            200,
            police_officer=403,
            analyst=403,
            privacy_officer=403,
            administrator=404,
            outsider=404,
        ),
        walk="get",
        note="not a programme of the administrator or the outsider: 404",
    ),
    "signalling:settings": Url(
        kwargs=_hotspot,
        get=only(403, coordinator=200, administrator=404, outsider=404),
        post=only(403, coordinator=400, administrator=404, outsider=404),
        walk="",
        note="programme settings, no person data (the save is logged: tests/signalling); an "
        "empty form comes back with its errors (400)",
    ),
    # --- monitor (statistics: aggregate figures, no person data) ----------------------------
    "monitor:factsheet": Url(
        query=_export_query,
        get=STATS_VIEW,
        note="aggregate figures of a period (published: small cells withheld): no person data",
    ),
    "monitor:factsheet_pdf": Url(
        query=_export_query,
        get=STATS_EXPORT,
        walk="get",
        export=True,
        note="the factsheet's aggregate figures as a PDF download: logged as an export",
    ),
    "monitor:compare": Url(
        query=_compare_query,
        get=STATS_VIEW,
        note="aggregate figures of two periods side by side: no person data",
    ),
    "monitor:dashboard": Url(
        query=_export_query,
        get=STATS_EXPORT,
        note="exact aggregate counts per month: no person data",
    ),
    "monitor:notes": Url(
        query=_export_query,
        get=NOTE_EDITOR,
        post={**NOTE_EDITOR, "coordinator": 400},
        note="the coordinator's factsheet items (free text about the programme): no person data;"
        " an empty item comes back with its error (400)",
    ),
    "monitor:note_change": Url(
        kwargs=_note,
        post={**NOTE_EDITOR, "coordinator": 302},
        note="a factsheet item's text: no person data; an empty text is refused with a message",
    ),
    "monitor:note_remove": Url(
        kwargs=_note,
        post={**NOTE_EDITOR, "coordinator": 302},
        note="a factsheet item: no person data",
    ),
    "monitor:note_move": Url(
        kwargs=lambda w: {"pk": w.note.pk, "direction": "omhoog"},
        post={**NOTE_EDITOR, "coordinator": 302},
        note="a factsheet item's place: no person data",
    ),
    "research:export": Url(
        query=_export_query,
        get={**STATS_EXPORT, "administrator": 404},
        walk="get",
        export=True,
        note="the research zip (pseudonymised rows, aggregates): logged as an export; the"
        " administrator works in no programme, so the Hotspot is not found (404)",
    ),
}


def _exempt(name: str | None, route: str) -> bool:
    return route.startswith(EXEMPT_ROUTE_PREFIXES) or name in EXEMPT_NAMES


def test_every_url_has_an_entry() -> None:
    routes = [(name, route) for name, route in url_names() if not _exempt(name, route)]
    unnamed = [route for name, route in routes if name is None]
    assert not unnamed, f"URL patterns without a name cannot be checked: {unnamed}"
    names = {name for name, _route in routes}
    missing = sorted(str(n) for n in names - set(EXPECTATIONS))
    assert not missing, f"add these to EXPECTATIONS in {__file__}: {missing}"
    stale = sorted(set(EXPECTATIONS) - names)
    assert not stale, f"EXPECTATIONS names URLs that no longer exist: {stale}"


def test_every_entry_covers_every_persona() -> None:
    for name, url in EXPECTATIONS.items():
        for method in ("get", "post"):
            statuses = getattr(url, method)
            if statuses is not None:
                assert set(statuses) == set(PERSONA_NAMES), (name, method)
        assert url.walk in ("", "get", "post"), name
        assert url.walk or url.note, f"{name}: no log walk and no note saying why"


def _request(client: Client, url: Url, method: str, path: str, world: World) -> int:
    if method == "get":
        return client.get(path, url.query(world)).status_code
    query = urlencode(url.query(world))
    return client.post(f"{path}?{query}" if query else path, url.post_data(world)).status_code


def _rolled_back(fn: Callable[..., Any], *args: Any) -> Any:
    with transaction.atomic():
        result = fn(*args)
        transaction.set_rollback(True)
    return result


@pytest.fixture
def world(persona, hotspot) -> World:
    for name in PERSONA_NAMES:  # create every persona before the world, as the matrix needs
        persona(name)
    return build_world(persona, hotspot)


def test_matrix(persona, world) -> None:
    """Every persona on every URL and method answers as EXPECTATIONS says (405 where None)."""
    wrong = []
    clients = {name: logged_in_client(persona(name)) for name in PERSONA_NAMES}
    for name, url in EXPECTATIONS.items():
        path = reverse(name, kwargs=url.kwargs(world))
        for method in ("get", "post"):
            expected = getattr(url, method) or only(405)
            for persona_name, status in expected.items():
                got = _rolled_back(_request, clients[persona_name], url, method, path, world)
                if got != status:
                    wrong.append(f"{method.upper()} {name} as {persona_name}: {got}, not {status}")
                if getattr(url, method) is None:
                    break  # 405 does not depend on who asks
    assert not wrong, "\n".join(wrong)


def test_anonymous_users_are_sent_to_log_in(world) -> None:
    for name, url in EXPECTATIONS.items():
        response = Client().get(reverse(name, kwargs=url.kwargs(world)))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def _probe(user: Any, url: Url, path: str, world: World) -> list[AccessEvent]:
    """The log rows the user's request wrote."""
    last = AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _request(logged_in_client(user), url, url.walk, path, world)
    return list(AccessEvent.objects.filter(user=user, pk__gt=last))


def test_access_log_walk(persona, world) -> None:
    """Every URL that touches person data writes a log row for an allowed request (allowed
    outcome) and for a refused one (refused outcome), in the request itself."""
    silent = []
    for name, url in EXPECTATIONS.items():
        if not url.walk:
            continue
        path = reverse(name, kwargs=url.kwargs(world))
        statuses: Statuses = getattr(url, url.walk)
        allowed = next(p for p, s in statuses.items() if s <= 400)
        refused = next((p for p, s in statuses.items() if s in (403, 404)), None)
        for persona_name, outcome in ((allowed, "allowed"), (refused, "refused")):
            if persona_name is None:
                continue
            user = persona(persona_name)
            rows = _rolled_back(_probe, user, url, path, world)
            if not any(row.outcome == outcome for row in rows):
                silent.append(f"{url.walk.upper()} {name} as {persona_name}: no {outcome} row")
            exported = any(row.action == AccessEventAction.EXPORT for row in rows)
            if url.export and outcome == "allowed" and not exported:
                silent.append(f"{url.walk.upper()} {name} as {persona_name}: no export row")
    assert not silent, "\n".join(silent)


def test_refusals_name_the_screen_and_the_object(persona, world) -> None:
    client = logged_in_client(persona("analyst"))
    client.get(reverse("triage:response_detail", kwargs={"pk": world.response.pk}))
    row = AccessEvent.objects.filter(user=persona("analyst")).latest("pk")
    assert row.outcome == AccessEventOutcome.REFUSED
    assert row.purpose == "triage:response_detail"
    assert row.object_id == str(world.response.pk)
    assert row.role == "analyst"
