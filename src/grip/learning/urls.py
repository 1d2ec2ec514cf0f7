from django.urls import path

from grip.learning import views, views_figures, views_records

app_name = "learning"
urlpatterns = [
    path("", views.index, name="index"),
    path("sessies/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessies/<int:pk>/wijzigen/", views.session_edit, name="session_edit"),
    path("sessies/<int:pk>/casuspakket.pdf", views.review_pack, name="review_pack"),
    # Correcting or removing a session's records: the session, then the record within it.
    path(
        "sessies/<int:session_pk>/kantelmomenten/<int:pk>/wijzigen/",
        views_records.turning_point_edit,
        name="turning_point_edit",
    ),
    path(
        "sessies/<int:session_pk>/kantelmomenten/<int:pk>/verwijderen/",
        views_records.turning_point_remove,
        name="turning_point_remove",
    ),
    path(
        "sessies/<int:session_pk>/uitkomsten/<int:pk>/wijzigen/",
        views_records.outcome_edit,
        name="outcome_edit",
    ),
    path(
        "sessies/<int:session_pk>/uitkomsten/<int:pk>/verwijderen/",
        views_records.outcome_remove,
        name="outcome_remove",
    ),
    path(
        "sessies/<int:session_pk>/acties/<int:pk>/wijzigen/",
        views_records.agreed_action_edit,
        name="agreed_action_edit",
    ),
    path(
        "sessies/<int:session_pk>/acties/<int:pk>/verwijderen/",
        views_records.agreed_action_remove,
        name="agreed_action_remove",
    ),
    path("sessies/<int:pk>/<slug:action>/", views.session_action, name="session_action"),
    path("<slug:slug>/", views.programme_learning, name="programme"),
    path("<slug:slug>/cycli/nieuw/", views.cycle_edit, name="cycle_new"),
    path("<slug:slug>/cycli/<int:pk>/", views.cycle_edit, name="cycle_edit"),
    path("<slug:slug>/sessies/nieuw/", views.session_new, name="session_new"),
    path("<slug:slug>/top3/", views_figures.top_threes, name="top_threes"),
    path("<slug:slug>/knelpunten/", views_figures.bottleneck_list, name="bottlenecks"),
    path("<slug:slug>/wat-werkt/", views_figures.what_works_page, name="what_works"),
]
