"""The administrator role reaches no person data (issue 22, finding 1): not through the
policy, not through any model registered in the admin, not on any admin list or user page."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import models
from django.urls import NoReverseMatch, reverse

from grip.access.administration import ADMINISTERED_APPS
from grip.access.policy import POLICY
from grip.network.models import Role
from tests.access.world import build_world
from tests.personas import PERSONA_NAMES, logged_in_client

# The apps whose models hold persons, cases or their traces.
CASE_APPS = {"people", "intake", "triage", "followup", "learning", "privacy", "access", "monitor"}
# Models of the administered apps that are settings, not cases.
SETTINGS_MODELS = {"followup.followupsettings"}


def test_the_policy_gives_the_administrator_no_data_class() -> None:
    assert POLICY[Role.ADMINISTRATOR] == {}


def _points_at_persons(model: type[models.Model]) -> bool:
    return any(
        field.related_model is not None and field.related_model._meta.app_label in CASE_APPS
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete
    )


def test_no_admin_registration_holds_case_data() -> None:
    for model in admin.site._registry:
        label = model._meta.label_lower
        if model._meta.app_label not in ADMINISTERED_APPS:
            continue  # not reachable for administrators (AdministratorPermissions)
        if label in SETTINGS_MODELS:
            continue
        assert model._meta.app_label not in CASE_APPS, label
        assert not _points_at_persons(model), label


@pytest.fixture
def world(persona, hotspot):
    for name in PERSONA_NAMES:
        persona(name)
    return build_world(persona, hotspot)


def test_no_admin_page_shows_a_person(persona, world) -> None:
    """Every changelist the administrator can open, the first object's page of each, and a
    user's page: none holds the world's person key, name, incident number or notes."""
    client = logged_in_client(persona("administrator"))
    secrets = [
        world.person.display_key,
        "Testpersoon Wereld",
        world.incident.number,
        world.response.notes,
        "Synthetische overdracht.",
    ]
    secrets = [s for s in secrets if s]
    pages = [reverse("admin:auth_user_change", args=[persona("triage_nurse").pk])]
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        try:
            changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        except NoReverseMatch:
            continue
        response = client.get(changelist)
        if meta.app_label not in ADMINISTERED_APPS:
            assert response.status_code == 403, changelist
            continue
        assert response.status_code == 200, changelist
        pages.append(changelist)
        first = model_admin.get_queryset(response.wsgi_request).first()
        if first is not None:
            pages.append(
                reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            )
    for page in pages:
        body = client.get(page).content.decode()
        leaked = [s for s in secrets if s in body]
        assert not leaked, (page, leaked)
    assert len(pages) > 8
