from django.urls import path

from grip.network import views_memberships as views

app_name = "memberships"
urlpatterns = [
    path("", views.membership_list, name="list"),
    path("aanvragen/", views.request_new, name="request_new"),
    path("aanvragen/<int:pk>/besluit/", views.decide, name="decide"),
    path("<int:pk>/intrekken/", views.revoke, name="revoke"),
]
