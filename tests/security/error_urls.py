"""Grip's URLs plus one view that fails, to see the 500 page through the whole stack."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from grip.urls import urlpatterns as grip_urlpatterns


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a failure for the test")


urlpatterns = [*grip_urlpatterns, path("test-fout/", fail)]
