from django.urls import path

from grip.monitor.research import views

app_name = "research"
urlpatterns = [
    path("", views.research_export, name="export"),
]
