from django.urls import path

from grip.signalling import views

app_name = "signalling"
urlpatterns = [
    path("nieuw/", views.signal_create, name="signal_create"),
    path(
        "melding/<int:incident_pk>/doorzetten/",
        views.signal_from_incident,
        name="signal_from_incident",
    ),
    path("<int:pk>/", views.signal_detail, name="signal_detail"),
    path("<int:pk>/oppakken/", views.signal_pick_up, name="signal_pick_up"),
    path("<int:pk>/contact/", views.signal_contact, name="signal_contact"),
    path("<int:pk>/afsluiten/", views.signal_close, name="signal_close"),
]

# --- the queue, the coordinator's overview and settings (sig-queue: views_queue.py) ----------
# urlpatterns += [...]

# --- the upload of signals files (sig-exchange) ----------------------------------------------
# urlpatterns += [...]
