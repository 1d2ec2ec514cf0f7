"""The signals file screens, under their own namespace (the signal screens have theirs)."""

from django.urls import path

from grip.signalling import exchange_views

app_name = "signal_exchange"
urlpatterns = [
    path("import/", exchange_views.import_upload, name="import_upload"),
]
