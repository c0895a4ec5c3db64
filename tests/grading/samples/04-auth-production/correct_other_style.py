"""Correct, in other styles: Flask raises Werkzeug's Unauthorized with a WWW-Authenticate value and
reads the key from request.authorization; Django uses generic views with explicit paths and
tries TokenAuthentication before SessionAuthentication; the settings spell out every list, read
DEBUG from the environment (off unless DJANGO_DEBUG=1), and start HSTS with a day, subdomains included
and preload written out as off."""

DESCRIPTION = "correct, different style: Werkzeug Unauthorized, DRF generics, settings written out in full"
EXPECTED_SCORE = 16.0

FLASK = '''from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Unauthorized
from flask import request

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def create_app(tokens):
    app = create_flask_app()
    accepted = frozenset(tokens)

    @app.before_request
    def check_token():
        if request.method in SAFE_METHODS:
            return
        credentials = request.authorization
        if credentials is None or credentials.type != "token" or credentials.token not in accepted:
            raise Unauthorized("A valid token is required to change products.",
                               www_authenticate=WWWAuthenticate("Token"))

    return app
'''

DJANGO = '''from django.urls import path
from rest_framework import generics, serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticatedOrReadOnly


class ProductSerializer(serializers.ModelSerializer):
    """A product as JSON: the model's fields, id read-only."""

    class Meta:
        model = Product
        fields = ["id", "name", "price_cents", "in_stock"]


class Guarded:
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticatedOrReadOnly]
    queryset = Product.objects.order_by("id")
    serializer_class = ProductSerializer


class ProductList(Guarded, generics.ListCreateAPIView):
    pass


class ProductDetail(Guarded, generics.RetrieveUpdateDestroyAPIView):
    pass


urlpatterns = [
    path("api/products/", ProductList.as_view()),
    path("api/products/<int:pk>/", ProductDetail.as_view()),
]
'''

SETTINGS = '''%%writefile {SETTINGS_FOLDER}/production_settings.py
import os

from apilab.django_project.setup import TEMPLATES

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = [name.strip() for name in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if name.strip()]

INSTALLED_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
    "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
    "rest_framework", "rest_framework.authtoken", "apilab.django_project.shop",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# HTTPS is terminated by the proxy in front, which says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# HSTS, step one of the rollout: a day, subdomains included; preload stays off until a year has held.
SECURE_HSTS_SECONDS = 24 * 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
'''

ANSWERS = {"flask_create_app": FLASK, "django_views": DJANGO, "production_settings": SETTINGS}
