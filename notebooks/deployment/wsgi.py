"""The WSGI entry point a production server imports: ``gunicorn wsgi:application``.

``DJANGO_SETTINGS_MODULE`` picks the settings; production is the default.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "production_settings")

application = get_wsgi_application()
