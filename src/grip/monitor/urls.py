from django.urls import path

from grip.monitor import views, views_notes

app_name = "monitor"
urlpatterns = [
    path("", views.factsheet_page, name="factsheet"),
    path("factsheet.pdf", views.factsheet_pdf, name="factsheet_pdf"),
    path("vergelijken/", views.comparison, name="compare"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("wist-je-dat/", views_notes.notes, name="notes"),
    path("wist-je-dat/<int:pk>/wijzigen/", views_notes.note_change, name="note_change"),
    path("wist-je-dat/<int:pk>/verwijderen/", views_notes.note_remove, name="note_remove"),
    path(
        "wist-je-dat/<int:pk>/<str:direction>/",
        views_notes.note_move,
        name="note_move",
    ),
]
