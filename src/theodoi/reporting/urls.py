"""Report pages (mounted at /reports/)."""

from django.urls import path

from theodoi.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<slug:slug>/", views.unit_reports, name="unit"),
    path("<uuid:uid>/", views.detail, name="detail"),
    path("<uuid:uid>/file.<str:fmt>", views.download, name="download"),
    path("<uuid:uid>/sign/", views.confirm_sign, name="confirm_sign"),
    path("<uuid:uid>/<str:name>/", views.action, name="action"),
]
