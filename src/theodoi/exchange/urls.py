"""Bulk exchange pages: export, templates, upload, preview and confirm."""

from django.urls import path, re_path

from theodoi.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    re_path(r"^template/(?P<kind>nhiem-vu|tien-do|so-lieu)\.(?P<fmt>xlsx|csv)$", views.template, name="template"),
    path("upload/", views.upload, name="upload"),
    path("preview/<str:token>/", views.preview, name="preview"),
    path("api/submissions/", views.receive_submission, name="receive"),
    path("kpi/", views.kpi_mapping, name="kpi"),
]
