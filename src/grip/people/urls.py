from django.urls import path

from grip.people import views

app_name = "people"
urlpatterns = [
    path("<str:display_key>/", views.person_detail, name="person_detail"),
    path("<str:display_key>/identiteit/", views.person_reveal, name="person_reveal"),
]
