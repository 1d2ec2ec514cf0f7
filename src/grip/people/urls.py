from django.urls import path

from grip.people import views

app_name = "people"
urlpatterns = [
    # Fixed words first: "<str:display_key>/" would otherwise take "koppelingen" for a key.
    path("koppelingen/", views.match_list, name="match_list"),
    path("koppelingen/<int:pk>/identiteiten/", views.match_reveal, name="match_reveal"),
    path("koppelingen/<int:pk>/samenvoegen/", views.match_merge, name="match_merge"),
    path("koppelingen/<int:pk>/apart-houden/", views.match_keep_apart, name="match_keep_apart"),
    path(
        "koppelingen/samenvoegingen/<int:pk>/ongedaan-maken/",
        views.merge_undo,
        name="merge_undo",
    ),
    path("<str:display_key>/", views.person_detail, name="person_detail"),
    path("<str:display_key>/identiteit/", views.person_reveal, name="person_reveal"),
    path(
        "<str:display_key>/identiteit/vastleggen/",
        views.person_identity,
        name="person_identity",
    ),
]
