from django.urls import path

from grip.triage import views

app_name = "triage"
urlpatterns = [
    path("", views.response_list, name="response_list"),
    path("melding/<int:incident_pk>/inzet/", views.response_create, name="response_create"),
    path("<int:pk>/", views.response_detail, name="response_detail"),
    path("<int:pk>/wijzigen/", views.response_edit, name="response_edit"),
]
