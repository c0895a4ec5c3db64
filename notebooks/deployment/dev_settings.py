"""Development settings: what ``startproject`` gives you, fine on a laptop, unsafe anywhere else.

``python manage.py check --deploy --settings=dev_settings`` lists why.
"""

from base_settings import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-only-for-a-laptop"
ALLOWED_HOSTS = []
