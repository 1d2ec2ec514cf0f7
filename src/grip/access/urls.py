from django.urls import path

from grip.access import views

app_name = "access"
urlpatterns = [
    path("log/", views.log_search, name="log_search"),
    path("log/export/", views.log_export, name="log_export"),
    path("noodtoegang/", views.break_glass, name="break_glass"),
    path("noodtoegang/beoordelen/", views.break_glass_list, name="break_glass_list"),
    path("noodtoegang/<int:pk>/beoordelen/", views.break_glass_review, name="break_glass_review"),
]
