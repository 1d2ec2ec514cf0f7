"""Grip's URLs. Screens are Dutch; so are the paths."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from grip.followup.views_persons import person_timeline
from grip.network.views import home

urlpatterns = [
    path("", home, name="home"),
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("meldingen/", include("grip.intake.urls")),
    path("triage/", include("grip.triage.urls")),
    path("opvolging/", include("grip.followup.urls")),
    path("leren/", include("grip.learning.urls")),
    # The timeline gathers from every case app, so it is served by the follow-up app.
    path("betrokkenen/<str:display_key>/tijdlijn/", person_timeline, name="person_timeline"),
    path("betrokkenen/", include("grip.people.urls")),
    path("programmas/", include("grip.network.urls")),
    path("toegang/inzage/", include("grip.privacy.urls")),
    path("toegang/", include("grip.access.urls")),
    path("monitor/onderzoek/", include("grip.monitor.research.urls")),
    path("monitor/", include("grip.monitor.urls")),
    path("beheer/", admin.site.urls),
]
