from django.urls import path

from grip.experience import views

app_name = "experience"
urlpatterns = [
    path("verhalen/", views.stories, name="stories"),
    path("toestemming/<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    path("traject/<int:pk>/naasten/", views.relative_support, name="relative_support"),
    path("<str:kind>/<int:pk>/", views.overview, name="overview"),
    path("<str:kind>/<int:pk>/vragen/", views.ask, name="ask"),
    path("<str:kind>/<int:pk>/link/", views.make_link, name="link"),
    path("<str:kind>/<int:pk>/toestemming/", views.consent, name="consent"),
    path("<str:kind>/<int:pk>/verhaal/", views.story, name="story"),
]
