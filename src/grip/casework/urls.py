from django.urls import path

from grip.casework import views

app_name = "casework"
urlpatterns = [
    path("traject/<int:pk>/plan/", views.plan, name="plan"),
    path("traject/<int:pk>/doorbraak/", views.breakthrough_new, name="breakthrough_new"),
    path("doorbraak/<int:pk>/", views.breakthrough_detail, name="breakthrough_detail"),
    path("tafels/", views.tables, name="tables"),
    path("tafels/<int:pk>/in-gebruik/", views.table_active, name="table_active"),
    path("overleg/", views.conference_list, name="conference_list"),
    path("overleg/nieuw/", views.conference_new, name="conference_new"),
    path("overleg/<int:pk>/", views.conference_detail, name="conference_detail"),
    path("overleg/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("overleg/<int:pk>/besluit/<int:item_pk>/", views.decision_add, name="decision_add"),
]
