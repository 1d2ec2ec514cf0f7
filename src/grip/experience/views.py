"""The worker's screens: the person's own view on one trajectory or signal, the questions on
a phone, a one-time link with its QR code, relatives' support, consent and stories."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from grip.access.grants import grants_for
from grip.access.log import record_many
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass
from grip.access.scoping import get_visible_or_404
from grip.experience import actions
from grip.experience.forms import (
    AskingForm,
    ConsentForm,
    QuestionsForm,
    RelativeSupportForm,
    StoryForm,
)
from grip.experience.models import (
    ExperienceAnswer,
    ExperienceStory,
    RelativeSupport,
    Respondent,
    StoryConsent,
)
from grip.experience.qr import qr_svg
from grip.experience.work import (
    Work,
    kind_of,
    may_work_on,
    person_of,
    visible_work,
    work_fields,
)
from grip.followup.models import Trajectory


def _sees_person_view(user: Any, programme_id: int) -> bool:
    grants = grants_for(user)
    return grants.can(DataClass.CARE, Action.VIEW, programme_id) or grants.can(
        DataClass.SOCIAL, Action.VIEW, programme_id
    )


def _work(request: HttpRequest, kind: str, pk: int) -> Work:
    """The trajectory or signal (404 when out of scope), and 403 for a role that may see the
    work but not care or social data (the police): answers and stories are not theirs."""
    work = visible_work(request.user, kind, pk)
    if not _sees_person_view(request.user, work.programme_id):
        raise PermissionDenied
    return work


def _own_rows(work: Work) -> dict[str, Any]:
    fields = work_fields(work)
    return {key: value for key, value in fields.items() if value is not None}


@require_http_methods(["GET"])
def overview(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    work = _work(request, kind, pk)
    user = request.user
    answers = list(
        ExperienceAnswer.objects.visible_to(user).filter(**_own_rows(work)).select_related("link")
    )
    stories = list(
        ExperienceStory.objects.visible_to(user)
        .filter(programme_id=work.programme_id, person=person_of(work))
        .prefetch_related("themes")
    )
    support: list[RelativeSupport] = []
    if isinstance(work, Trajectory):
        support = list(RelativeSupport.objects.visible_to(user).filter(trajectory=work))
    consent = actions.active_consent(work)
    key = work.person.display_key if work.person else ""
    with transaction.atomic():
        record_many(
            user,
            AccessEventAction.READ,
            [(row, key) for row in [work, *answers, *stories, *support]],
            programme=work.programme,
            purpose="experience:overview",
        )
    works = may_work_on(user, work)
    return render(
        request,
        "experience/overview.html",
        {
            "work": work,
            "kind": kind_of(work),
            "answers": answers,
            "stories": stories,
            "support": support,
            "consent": consent,
            "may_work": works,
            "may_write_story": works and actions.is_peer_expert(user, work.programme_id),
            "asking_form": AskingForm(),
            "support_form": RelativeSupportForm() if isinstance(work, Trajectory) else None,
            "consent_form": ConsentForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The questions on the worker's phone, asked together with the person or a relative."""
    work = _work(request, kind, pk)
    if not may_work_on(request.user, work):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    asking = AskingForm(data, initial=request.GET.dict() if data is None else None)
    respondent = (
        request.POST.get("respondent") if data is not None else request.GET.get("respondent")
    )
    respondent = respondent if respondent in Respondent.values else Respondent.PERSON
    questions = QuestionsForm(data, respondent=respondent, by_link=False)
    if data is not None and asking.is_valid() and questions.is_valid():
        try:
            actions.record_answers(
                request.user,
                work,
                moment=asking.cleaned_data["moment"],
                respondent=asking.cleaned_data["respondent"],
                answers=questions.answers(),
            )
        except ValidationError as error:
            questions.add_error(None, error)
        else:
            messages.success(request, _("De antwoorden zijn bewaard."))
            return redirect("experience:overview", kind=kind_of(work), pk=work.pk)
    status = 400 if data is not None else 200
    return render(
        request,
        "experience/ask.html",
        {"work": work, "kind": kind_of(work), "asking": asking, "questions": questions},
        status=status,
    )


@require_POST
def make_link(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A one-time link and its QR code, shown once: only the token's hash is kept."""
    work = _work(request, kind, pk)
    if not may_work_on(request.user, work):
        raise PermissionDenied
    asking = AskingForm(request.POST)
    if not asking.is_valid():
        return render(
            request,
            "experience/link.html",
            {"work": work, "kind": kind_of(work), "asking": asking},
            status=400,
        )
    link, token = actions.create_link(
        request.user,
        work,
        moment=asking.cleaned_data["moment"],
        respondent=asking.cleaned_data["respondent"],
    )
    url = request.build_absolute_uri(reverse("experience_answer", kwargs={"token": token}))
    return render(
        request,
        "experience/link.html",
        {"work": work, "kind": kind_of(work), "link": link, "url": url, "qr": qr_svg(url)},
    )


@require_POST
def relative_support(request: HttpRequest, pk: int) -> HttpResponse:
    work = _work(request, "traject", pk)
    assert isinstance(work, Trajectory)
    form = RelativeSupportForm(request.POST)
    if form.is_valid():
        actions.record_relative_support(request.user, work, **form.cleaned_data)
        messages.success(request, _("De steun aan de naaste is vastgelegd."))
        return redirect("experience:overview", kind="traject", pk=work.pk)
    if not may_work_on(request.user, work):
        raise PermissionDenied
    return render(
        request, "experience/form_page.html",
        {"work": work, "kind": "traject", "form": form, "title": _("Steun aan een naaste"),
         "action": reverse("experience:relative_support", kwargs={"pk": work.pk})},
        status=400,
    )  # fmt: skip


@require_POST
def consent(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    work = _work(request, kind, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            actions.record_consent(request.user, work, given_on=form.cleaned_data["given_on"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De toestemming is vastgelegd."))
            return redirect("experience:overview", kind=kind_of(work), pk=work.pk)
    if not may_work_on(request.user, work):
        raise PermissionDenied
    return render(
        request, "experience/form_page.html",
        {"work": work, "kind": kind_of(work), "form": form, "title": _("Toestemming"),
         "action": reverse("experience:consent", kwargs={"kind": kind_of(work), "pk": work.pk})},
        status=400,
    )  # fmt: skip


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The person withdraws consent: the stories go, with their theme counts."""
    found = get_visible_or_404(StoryConsent.objects.visible_to(request.user), pk=pk)
    removed = actions.withdraw_consent(request.user, found)
    messages.success(
        request,
        _("De toestemming is ingetrokken; %(count)s verhaal/verhalen verwijderd.")
        % {"count": removed},
    )
    return redirect(request.POST.get("next") or "experience:stories")


@require_http_methods(["GET", "POST"])
def story(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    work = _work(request, kind, pk)
    if not (
        may_work_on(request.user, work) and actions.is_peer_expert(request.user, work.programme_id)
    ):
        raise PermissionDenied
    form = StoryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.write_story(
                request.user,
                work,
                text=form.cleaned_data["text"],
                themes=form.cleaned_data["themes"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Het ervaringsverhaal is bewaard."))
            return redirect("experience:overview", kind=kind_of(work), pk=work.pk)
    return render(
        request, "experience/form_page.html",
        {"work": work, "kind": kind_of(work), "form": form, "title": _("Ervaringsverhaal"),
         "action": reverse("experience:story", kwargs={"kind": kind_of(work), "pk": work.pk}),
         "consent": actions.active_consent(work)},
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip


@require_http_methods(["GET"])
def stories(request: HttpRequest) -> HttpResponse:
    """The stories the user may read, in all their programmes (each read logged)."""
    user = request.user
    grants = grants_for(user)
    if not (
        grants.programmes(DataClass.CARE, Action.VIEW)
        | grants.programmes(DataClass.SOCIAL, Action.VIEW)
    ):
        raise PermissionDenied
    found = list(
        ExperienceStory.objects.visible_to(user)
        .select_related("programme", "person", "consent", "trajectory")
        .prefetch_related("themes")[:200]
    )
    with transaction.atomic():
        record_many(
            user, AccessEventAction.READ,
            [(row, row.person.display_key) for row in found], purpose="experience:stories",
        )  # fmt: skip
    return render(request, "experience/stories.html", {"stories": found})
