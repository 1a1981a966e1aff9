"""REST API, mounted at /api/ by the root URLconf: version 1 lives at /api/v1/."""

from django.urls import path

from theodoi.api.api import api

urlpatterns = [path("v1/", api.urls)]
