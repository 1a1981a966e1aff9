"""Staff feedback pages, mounted at /feedback/ by the root URLconf (sign-in required)."""

from django.urls import path

from theodoi.portal import staff_views

app_name = "feedback"
urlpatterns = [
    path("", staff_views.feedback_list, name="list"),
    path("<uuid:uid>/", staff_views.feedback_detail, name="detail"),
]
