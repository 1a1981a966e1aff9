"""Public portal, mounted at /public/ (no sign-in)."""

from django.urls import path

from theodoi.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<uuid:uid>/", views.plan_detail, name="plan"),
    path("tasks/<uuid:uid>/", views.task_detail, name="task"),
]
