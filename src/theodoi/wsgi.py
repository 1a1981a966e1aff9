"""WSGI entry point, served by ``theodoi serve`` (waitress)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")
application = get_wsgi_application()
