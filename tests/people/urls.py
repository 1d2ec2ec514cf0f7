"""Grip's URLs with the person screens, for tests, until grip/urls.py includes them itself."""

from django.urls import include, path

from grip.urls import urlpatterns as grip_urlpatterns

urlpatterns = list(grip_urlpatterns)
if not any(getattr(pattern, "namespace", None) == "people" for pattern in urlpatterns):
    urlpatterns.append(path("betrokkenen/", include("grip.people.urls")))
