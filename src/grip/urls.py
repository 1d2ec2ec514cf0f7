"""Grip's URLs. Screens are Dutch; so are the paths."""

from allauth.account import views as account_views
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from grip.accounts.no_reset import RESET_PREFIX, no_password_reset
from grip.experience.public import answer as public_answer
from grip.followup.views_persons import person_timeline
from grip.network.views import home

urlpatterns = [
    path("", home, name="home"),
    # Login, second factor and sessions: django-allauth (grip.accounts, docs/security.md).
    path("inloggen/", account_views.login, name="login"),
    path("uitloggen/", account_views.logout, name="logout"),
    # No self-service password reset (ADR 0042): before allauth's own reset pages.
    re_path(RESET_PREFIX, no_password_reset, name="password_reset_off"),
    path("account/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("meldingen/", include("grip.intake.urls")),
    path("triage/", include("grip.triage.urls")),
    path("signalen/bestanden/", include("grip.signalling.exchange_urls")),
    path("signalen/", include("grip.signalling.urls")),
    path("opvolging/", include("grip.followup.urls")),
    path("aanpak/", include("grip.casework.urls")),
    path("ervaring/", include("grip.experience.urls")),
    # The one-time answering page (no login; ADR 0110): short, for typing from paper.
    path("v/<str:token>/", public_answer, name="experience_answer"),
    path("leren/", include("grip.learning.urls")),
    # The timeline gathers from every case app, so it is served by the follow-up app.
    path("betrokkenen/<str:display_key>/tijdlijn/", person_timeline, name="person_timeline"),
    path("betrokkenen/", include("grip.people.urls")),
    path("programmas/", include("grip.network.urls")),
    # Who holds which role, and four-eyes approval of every role given (issue 22).
    path("lidmaatschappen/", include("grip.network.membership_urls")),
    path("toegang/inzage/", include("grip.privacy.urls")),
    path("toegang/", include("grip.access.urls")),
    path("monitor/onderzoek/", include("grip.monitor.research.urls")),
    path("monitor/", include("grip.monitor.urls")),
    # The partner API (issue 18) and its clients' screen for administrators.
    path("api/v1/", include("grip.api.urls")),
    path("koppelingen/", include("grip.api.client_urls")),
    # The admin logs in through Grip's login (with its second factor), never its own form.
    path(
        "beheer/login/",
        RedirectView.as_view(pattern_name="login", query_string=True),
        name="admin_login_redirect",
    ),
    path("beheer/", admin.site.urls),
    # Probes of load balancers and orchestrators: no login, no data (grip.ops.health).
    path("health/", include("grip.ops.urls")),
]
