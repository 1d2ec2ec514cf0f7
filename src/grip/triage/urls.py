from django.urls import path

from grip.triage import exchange_views, views

app_name = "triage"
urlpatterns = [
    path("", views.response_list, name="response_list"),
    path("melding/<int:incident_pk>/inzet/", views.response_create, name="response_create"),
    path("<int:pk>/", views.response_detail, name="response_detail"),
    path("<int:pk>/wijzigen/", views.response_edit, name="response_edit"),
    path("import/", exchange_views.import_upload, name="import_upload"),
    path("import/<uuid:pk>/", exchange_views.import_job, name="import_job"),
    path("export/", exchange_views.export_download, name="export_download"),
]
