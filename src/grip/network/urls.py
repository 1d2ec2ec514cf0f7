from django.urls import path

from grip.network import views

app_name = "network"
urlpatterns = [
    path("<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("<slug:slug>/partners/", views.partner_directory, name="partner_directory"),
]
