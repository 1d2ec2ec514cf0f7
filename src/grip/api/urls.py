"""/api/v1/ — every URL here has an entry in tests/api/test_api_matrix.py."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from grip.api import token, views, views_webhooks

app_name = "api"


def _open(view: Any) -> Any:
    """API calls carry a token, not a session: the screens' login rule does not apply."""
    return login_not_required(view.as_view())


urlpatterns = [
    path("token/", _open(token.TokenView), name="token"),
    path("signals/", _open(views.SignalList), name="signals"),
    path("signals/<int:pk>/", _open(views.SignalDetail), name="signal"),
    path("signals/<int:pk>/status/", _open(views.SignalStatus), name="signal_status"),
    path("incidents/", _open(views.IncidentList), name="incidents"),
    path("incidents/<int:pk>/", _open(views.IncidentDetail), name="incident"),
    path("incidents/<int:pk>/status/", _open(views.IncidentStatus), name="incident_status"),
    path("programmes/<slug:slug>/figures/", _open(views.ProgrammeFigures), name="figures"),
    path("webhooks/", _open(views_webhooks.SubscriptionList), name="webhooks"),
    path("webhooks/<int:pk>/", _open(views_webhooks.SubscriptionDetail), name="webhook"),
    path("webhooks/deliveries/", _open(views_webhooks.DeliveryList), name="webhook_deliveries"),
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path(
        "docs/",
        login_not_required(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", template_name="api/swagger_ui.html"
            )
        ),
        name="docs",
    ),
    # Last: any other path (also an id that is no number) is a problem+json 404.
    re_path(r"^(?P<rest>.*)$", login_not_required(views.unknown), name="unknown"),
]
