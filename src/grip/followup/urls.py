from django.urls import path

from grip.followup import views, views_merging, views_persons

app_name = "followup"
urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("overzicht/", views.overview, name="overview"),
    path("parallel/", views_merging.parallel, name="parallel"),
    path("parallel/samenvoegen/", views_merging.merge, name="merge"),
    path("parallel/<int:pk>/ongedaan/", views_merging.merge_undo, name="merge_undo"),
    path("<int:pk>/betrokkene/", views_merging.link_person, name="link_person"),
    path("draaideur/", views_persons.revolving_list, name="revolving"),
    path("melding/<int:incident_pk>/openen/", views.open_from_incident, name="open_from_incident"),
    path("<int:pk>/", views.trajectory_detail, name="trajectory_detail"),
    path("<int:pk>/<slug:action>/", views.trajectory_action, name="trajectory_action"),
    path("<int:pk>/overdracht/<int:handover_pk>/", views.answer_handover, name="answer_handover"),
    path("<int:pk>/taak/<int:task_pk>/gedaan/", views.task_done, name="task_done"),
]
