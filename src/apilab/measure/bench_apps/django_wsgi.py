"""WSGI entry point of the Django benchmark apps (settings: apilab.measure.bench_apps.django_settings)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apilab.measure.bench_apps.django_settings")
application = get_wsgi_application()
