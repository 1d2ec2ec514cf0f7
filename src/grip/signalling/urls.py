from django.urls import path

from grip.signalling import views_queue, views_settings

app_name = "signalling"
urlpatterns: list = []  # the signal screens (sig-work: views.py)

# --- the queue, the coordinator's overview and settings (sig-queue: views_queue.py) ----------
# One-tap pick-up in the queue posts to sig-work's ``signal_pick_up``, which opens the signal.
urlpatterns += [
    path("", views_queue.index, name="index"),
    path("mijn/", views_queue.my_signals, name="mine"),
    path("programma/<slug:slug>/", views_queue.programme_queue, name="queue"),
    path("programma/<slug:slug>/instellingen/", views_settings.programme_settings, name="settings"),
]
