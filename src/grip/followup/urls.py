from django.urls import path

from grip.followup import views, views_persons

app_name = "followup"
urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("overzicht/", views.overview, name="overview"),
    path("draaideur/", views_persons.revolving_list, name="revolving"),
    path("melding/<int:incident_pk>/openen/", views.open_from_incident, name="open_from_incident"),
    path("<int:pk>/", views.trajectory_detail, name="trajectory_detail"),
    path("<int:pk>/<slug:action>/", views.trajectory_action, name="trajectory_action"),
    path("<int:pk>/overdracht/<int:handover_pk>/", views.answer_handover, name="answer_handover"),
    path("<int:pk>/taak/<int:task_pk>/gedaan/", views.task_done, name="task_done"),
]
