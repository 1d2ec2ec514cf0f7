from django.urls import path

from grip.signalling import views, views_queue, views_settings

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
# One-tap pick-up in the queue posts to ``signal_pick_up`` above, which opens the signal.
urlpatterns += [
    path("", views_queue.index, name="index"),
    path("mijn/", views_queue.my_signals, name="mine"),
    path("programma/<slug:slug>/", views_queue.programme_queue, name="queue"),
    path("programma/<slug:slug>/instellingen/", views_settings.programme_settings, name="settings"),
]

# --- the upload of signals files (sig-exchange) ----------------------------------------------
# urlpatterns += [...]
