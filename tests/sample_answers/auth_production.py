"""Correct answers to 04-auth-production's three cells: Flask tokens, DRF token authentication, production settings."""

# flask_create_app: the notebook's create_flask_app() behind a hook wanting "Authorization: Token <key>".
FLASK_TOKENS = '''from flask import jsonify, request


def create_app(tokens):
    """Return a new Flask app serving the Products API, where writes need 'Authorization: Token <key>'."""
    app = create_flask_app()
    valid_keys = set(tokens)

    @app.before_request
    def require_token():
        if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return None
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme == "Token" and key in valid_keys:
            return None
        return jsonify(detail="Authentication credentials were not provided."), 401, {"WWW-Authenticate": "Token"}

    return app
'''

# django_views: a ModelViewSet with TokenAuthentication, reads open to everyone.
DJANGO_TOKENS = '''from django.urls import include, path
from rest_framework import permissions, routers, serializers, viewsets
from rest_framework.authentication import TokenAuthentication


class ProductSerializer(serializers.ModelSerializer):
    """A product as JSON: the model's fields, id read-only."""

    class Meta:
        model = Product
        fields = ["id", "name", "price_cents", "in_stock"]


class ProductViewSet(viewsets.ModelViewSet):
    queryset = Product.objects.all()
    serializer_class = ProductSerializer
    authentication_classes = [TokenAuthentication]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]


router = routers.DefaultRouter()
router.register("products", ProductViewSet)
urlpatterns = [path("api/", include(router.urls))]
'''

# production_settings: secrets and host names from the environment, DEBUG off, HTTPS and HSTS on.
PRODUCTION_SETTINGS = '''%%writefile {SETTINGS_FOLDER}/production_settings.py
"""Production settings of the Products API: secrets and host names come from the environment."""
import os

from apilab.django_project.setup import INSTALLED_APPS, MIDDLEWARE, TEMPLATES  # the course's, as in the notebooks

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")
DEBUG = False

MIDDLEWARE = MIDDLEWARE + ["django.middleware.clickjacking.XFrameOptionsMiddleware"]

SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
'''

AUTH_PRODUCTION = {"flask_create_app": FLASK_TOKENS, "django_views": DJANGO_TOKENS,
                   "production_settings": PRODUCTION_SETTINGS}
