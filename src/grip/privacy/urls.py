from django.urls import path

from grip.privacy import views

app_name = "privacy"
urlpatterns = [
    path("<str:display_key>/", views.subject_report, name="subject_report"),
    path("<str:display_key>/export/", views.subject_export, name="subject_export"),
]
