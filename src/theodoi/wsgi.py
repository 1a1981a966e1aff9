"""WSGI entry point, served by ``theodoi serve`` (gunicorn's workers, or waitress)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")
application = get_wsgi_application()


def settle() -> None:
    """Load what every request uses (the URLconf and every view it imports), then take everything
    loaded so far out of the garbage collector's generations (``gc.freeze``): Django, the product's
    modules and their tables live as long as the process, and a full collection walked all of them
    (150,000 objects, about 60 ms) whenever a request had made enough new ones: about once per
    dashboard of a province (docs/scale.md, "Pages that cost what they show"). The objects a
    request makes are collected as before."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports the views)
    gc.collect()
    gc.freeze()


settle()
