"""Learning screens: the programme's learning page, its cycles, and reflection sessions.

A programme page is found among the user's programmes (else 404) and then needs the right
(else 403); a session is found through its scoped queryset (else 404: participants see only
the sessions their organisation takes part in).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from grip.access.grants import grants_for
from grip.access.log import record, record_many
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass
from grip.access.scoping import get_visible_or_404, member_programmes
from grip.learning import actions
from grip.learning.forms import (
    AgreedActionForm,
    CycleForm,
    OutcomeForm,
    ReviewForm,
    SessionForm,
    SessionStoryForm,
    TurningPointForm,
)
from grip.learning.models import (
    PURGED_SESSION_IS_READ_ONLY,
    LearningCycle,
    OutcomeKind,
    ReflectionSession,
    ReviewDecision,
)
from grip.learning.planning import current_cycle, cycles_of
from grip.learning.reviewpack import review_pack_cases
from grip.learning.rights import (
    can_facilitate,
    can_print_pack,
    can_see_figures,
    can_view_learning,
    require,
)
from grip.network.models import Programme
from grip.pdf import render_pdf
from grip.submissions import once_per_submission


def posted(request: HttpRequest) -> Any:
    """The form data of a POST, also an empty one (so that it shows its errors), else None."""
    return request.POST if request.method == "POST" else None


def form_status(form: forms.BaseForm) -> int:
    """400 for a posted form that comes back with its errors, as the other apps answer."""
    return 400 if form.is_bound and form.errors else 200


def programme_for(
    request: HttpRequest, slug: str, allowed: Callable[[Any, int], bool]
) -> Programme:
    """The user's programme by slug (404 outside their programmes), then the right (403)."""
    programme = get_visible_or_404(member_programmes(request.user), slug=slug)
    require(allowed(request.user, programme.pk))
    return programme


def index(request: HttpRequest) -> HttpResponse:
    grants = grants_for(request.user)
    ids = grants.programmes(DataClass.LEARNING, Action.VIEW) | grants.programmes(
        DataClass.STATS, Action.VIEW
    )
    if not ids:
        raise PermissionDenied
    programmes = list(Programme.objects.filter(pk__in=sorted(ids)).order_by("name"))
    rows = [(p, current_cycle(p), can_view_learning(request.user, p.pk)) for p in programmes]
    return render(request, "learning/index.html", {"rows": rows})


def _sees_programme_page(user: Any, programme_id: int) -> bool:
    return can_view_learning(user, programme_id) or can_see_figures(user, programme_id)


def programme_learning(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for(request, slug, _sees_programme_page)
    learns = can_view_learning(request.user, programme.pk)
    sessions = (
        list(
            ReflectionSession.objects.visible_to(request.user)
            .filter(programme=programme)
            .select_related("facilitator")
            .prefetch_related("organisations")
        )
        if learns
        else []
    )
    return render(
        request,
        "learning/programme.html",
        {
            "programme": programme,
            "cycles": cycles_of(programme),
            "current": current_cycle(programme),
            "sessions": sessions,
            "learns": learns,
            "facilitates": can_facilitate(request.user, programme.pk),
            "sees_figures": can_see_figures(request.user, programme.pk),
            "today": timezone.localdate(),
        },
    )


@once_per_submission
def cycle_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    programme = programme_for(request, slug, can_facilitate)
    cycle = (
        get_visible_or_404(LearningCycle.objects.filter(programme=programme), pk=pk) if pk else None
    )
    form = CycleForm(posted(request), instance=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_cycle(request.user, programme, cycle=cycle, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Leercyclus opgeslagen."))
            return redirect("learning:programme", slug=programme.slug)
    return render(
        request,
        "learning/cycle_form.html",
        {"programme": programme, "form": form, "cycle": cycle},
        status=form_status(form),
    )


@once_per_submission
def session_new(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for(request, slug, can_facilitate)
    form = SessionForm(
        posted(request), programme=programme, initial={"facilitator": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        session = actions.plan_session(request.user, programme, **form.cleaned_data)
        messages.success(request, _("Reflectiesessie gepland."))
        return redirect("learning:session_detail", pk=session.pk)
    return render(
        request,
        "learning/session_form.html",
        {"programme": programme, "form": form},
        status=form_status(form),
    )


def visible_session(request: HttpRequest, pk: int) -> ReflectionSession:
    return get_visible_or_404(
        ReflectionSession.objects.visible_to(request.user).select_related(
            "programme", "facilitator"
        ),
        pk=pk,
    )


def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = visible_session(request, pk)
    require(can_facilitate(request.user, session.programme_id))
    initial = {
        "held_on": session.held_on,
        "topic": session.topic,
        "facilitator": session.facilitator_id,
        "organisations": list(session.organisations.all()),
    }
    form = SessionForm(posted(request), programme=session.programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_session(request.user, session, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Sessie gewijzigd."))
            return redirect("learning:session_detail", pk=session.pk)
    return render(
        request,
        "learning/session_form.html",
        {"programme": session.programme, "form": form, "session": session},
        status=form_status(form),
    )


FORMS: dict[str, type[forms.Form]] = {
    "kantelmoment": TurningPointForm,
    "uitkomst": OutcomeForm,
    "actie": AgreedActionForm,
    "opvolgen": ReviewForm,
    "verhaal": SessionStoryForm,
}


def _new_form(name: str, session: ReflectionSession, data: Any = None) -> forms.Form:
    # Several forms share the page: ids carry the form's name so every label finds its field.
    return FORMS[name](data, session=session, auto_id=f"id_{name}_%s")  # type: ignore[call-arg]


@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_page(request, pk)


def _session_page(
    request: HttpRequest, pk: int, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    """The session page; ``bound`` holds a posted form that comes back with its errors."""
    session = visible_session(request, pk)
    cases = list(session.cases.select_related("person").prefetch_related("turning_points__themes"))
    outcomes = list(session.outcomes.select_related("theme"))
    # A story's text is care/social data (ADR 0110): the participants who may not see either
    # (the police) see only that there is a story and its themes.
    grants = grants_for(request.user)
    reads_stories = grants.can(DataClass.CARE, Action.VIEW, session.programme_id) or grants.can(
        DataClass.SOCIAL, Action.VIEW, session.programme_id
    )
    stories = [
        placed.story
        for placed in session.stories.select_related("story__person").prefetch_related(
            "story__themes"
        )
    ]
    # A purged session is read-only (``ensure_open``): no forms, no edit links.
    facilitates = can_facilitate(request.user, session.programme_id) and not session.purged_at
    built = {name: _new_form(name, session) for name in FORMS} if facilitates else {}
    built.update(bound or {})
    # One row for the session and one per case it shows, so that a person's subject-access
    # report names everyone who saw their case here (NEN 7513); the cases go in one INSERT.
    with transaction.atomic():
        record(request.user, AccessEventAction.READ, programme=session.programme, obj=session,
               purpose="learning:session")  # fmt: skip
        record_many(request.user, AccessEventAction.READ, actions.case_targets(cases),
                    programme=session.programme, purpose="learning:session")  # fmt: skip
        if reads_stories:
            record_many(request.user, AccessEventAction.READ,
                        [(story, story.person.display_key) for story in stories],
                        programme=session.programme, purpose="learning:session-story")  # fmt: skip
    return render(
        request,
        "learning/session_detail.html",
        {
            "session": session,
            "organisations": list(session.organisations.all()),
            "cases": cases,
            "positive": [o for o in outcomes if o.kind == OutcomeKind.POSITIVE],
            "learning": [o for o in outcomes if o.kind == OutcomeKind.LEARNING],
            "agreed": list(session.agreed_actions.select_related("owner")),
            "stories": stories,
            "reads_stories": reads_stories,
            "earlier": actions.open_earlier_actions(session),
            "facilitates": facilitates,
            "purged_note": PURGED_SESSION_IS_READ_ONLY,
            "prints": can_print_pack(request.user, session.programme_id),
            "forms": built,
            "decisions": ReviewDecision.choices,
        },
        status=400 if bound else 200,
    )


def _do_turning_point(user: Any, session: ReflectionSession, c: dict[str, Any]) -> Any:
    return actions.add_turning_point(
        user, c["case"], occurred_on=c["occurred_on"], what_happened=c["what_happened"],
        effect=c["effect"], for_whom=c["for_whom"], themes=list(c["themes"]),
    )  # fmt: skip


def _do_outcome(user: Any, session: ReflectionSession, c: dict[str, Any]) -> Any:
    return actions.add_outcome(user, session, kind=c["kind"], theme=c["theme"], text=c["text"])


def _do_action(user: Any, session: ReflectionSession, c: dict[str, Any]) -> Any:
    return actions.agree_action(
        user, session, description=c["description"], owner=c["owner"], due_on=c["due_on"]
    )


def _do_review(user: Any, session: ReflectionSession, c: dict[str, Any]) -> Any:
    return actions.review_action(
        user, session, c["action"], decision=c["decision"], new_due_on=c["new_due_on"],
        note=c["note"],
    )  # fmt: skip


Handler = Callable[[Any, ReflectionSession, dict[str, Any]], Any]


def _do_story(user: Any, session: ReflectionSession, c: dict[str, Any]) -> Any:
    return actions.add_story(user, session, c["story"])


HANDLERS: dict[str, tuple[Handler, str]] = {
    "kantelmoment": (_do_turning_point, "Kantelmoment vastgelegd."),
    "uitkomst": (_do_outcome, "Uitkomst vastgelegd."),
    "actie": (_do_action, "Actie afgesproken."),
    "opvolgen": (_do_review, "Actie opgevolgd."),
    "verhaal": (_do_story, "Ervaringsverhaal toegevoegd."),
}


@require_POST
@once_per_submission
def session_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in HANDLERS:
        raise Http404
    session = visible_session(request, pk)
    require(can_facilitate(request.user, session.programme_id))
    form = _new_form(action, session, request.POST)
    if form.is_valid():
        handler, done = HANDLERS[action]
        try:
            handler(request.user, session, form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _(done))
            return redirect("learning:session_detail", pk=session.pk)
    return _session_page(request, pk, bound={action: form})


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
def review_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's cases as a pseudonymised PDF for the facilitator's preparation."""
    session = visible_session(request, pk)
    require(can_print_pack(request.user, session.programme_id))
    cases = list(session.cases.select_related("person", "trajectory", "response"))
    packed = review_pack_cases(request.user, session, cases)
    html = render_to_string(
        "learning/review_pack_print.html",
        {"session": session, "cases": packed, "printed_at": timezone.localtime()},
        request=request,
    )
    pdf = render_pdf(html)
    actions.log_review_pack(request.user, session, cases)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"casuspakket-{session.programme.slug}-{session.held_on:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
