from django.urls import path

from grip.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.incident_list, name="incident_list"),
    path("nieuw/", views.incident_create, name="incident_create"),
    path("<int:pk>/", views.incident_detail, name="incident_detail"),
]
