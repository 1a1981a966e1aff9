from django.urls import path

from theodoi.planning.importing import views

app_name = "importing"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<str:token>/", views.review, name="review"),
]
