"""URL map: staff pages, the public portal, the REST API and the admin."""

from django.contrib import admin
from django.urls import include, path

from theodoi.exchange import views as exchange_views
from theodoi.security import AdminSignInForm

admin.site.site_header = "theodoi – Quản trị hệ thống"
admin.site.site_title = "theodoi"
admin.site.index_title = "Quản trị dữ liệu"
admin.site.login_form = AdminSignInForm  # the same lockout message as the staff sign-in page

urlpatterns = [
    path("admin/", admin.site.urls),
    path("public/", include("theodoi.portal.urls")),
    path("api/", include("theodoi.api.urls")),
    path("feedback/", include("theodoi.portal.staff_urls")),
    path("reports/", include("theodoi.reporting.urls")),
    path("import/", include("theodoi.planning.importing.urls")),
    path("exchange/", include("theodoi.exchange.urls")),
    path("sw.js", exchange_views.service_worker, name="service_worker"),
    path("", include("theodoi.web.urls")),
]
