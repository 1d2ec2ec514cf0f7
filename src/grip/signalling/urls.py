from django.urls import path

from grip.signalling import views_queue, views_settings

app_name = "signalling"
urlpatterns = [
    # --- the queue, Mijn signalen and the programme's settings (views_queue, views_settings) ---
    path("", views_queue.index, name="index"),
    path("mijn/", views_queue.my_signals, name="mine"),
    path("<int:pk>/oppakken/", views_queue.pick_up, name="pick_up"),
    path("programma/<slug:slug>/", views_queue.programme_queue, name="queue"),
    path("programma/<slug:slug>/instellingen/", views_settings.programme_settings, name="settings"),
]
