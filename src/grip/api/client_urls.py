from django.urls import path

from grip.api import views_clients as views

app_name = "api_clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("nieuw/", views.client_new, name="new"),
    path("<int:pk>/goedkeuren/", views.client_approve, name="approve"),
    path("<int:pk>/nieuw-geheim/", views.client_rotate, name="rotate"),
    path("<int:pk>/intrekken/", views.client_revoke, name="revoke"),
]
