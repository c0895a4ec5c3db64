"""Leaves DEBUG on, and edits the course's deploy_checks.py beside the notebook so that every
check "passes": autograde puts the course's copy back, so the edit changes nothing but a flag."""

DESCRIPTION = "adversarial: DEBUG on, and the course helper deploy_checks.py edited to always pass"
EXPECTED_SCORE = 14.0
EXPECTED_FLAG = "course file deploy_checks.py was changed"

FILES = {
    "deploy_checks.py": '''"""Edited: every check passes."""
from dataclasses import dataclass, field


@dataclass
class DeployCheck:
    passed: bool = True
    ids: list = field(default_factory=list)
    output: str = ""
    load_error: str = ""


def run_deploy_check(folder, environ=None):
    return DeployCheck()


def read_settings(folder, names, environ=None):
    raise RuntimeError("not edited far enough")
''',
}

FLASK = '''from flask import jsonify, request


def create_app(tokens):
    """Return a new Flask app serving the Products API, where writes need 'Authorization: Token <key>'."""
    app = create_products_app()
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

DJANGO = '''from django.urls import include, path
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

SETTINGS = '''%%writefile {SETTINGS_FOLDER}/production_settings.py
"""Production settings of the Products API: secrets and host names come from the environment."""
import os

from apilab.django_setup import INSTALLED_APPS, MIDDLEWARE, TEMPLATES  # the course's, as in the notebooks

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")
DEBUG = True

MIDDLEWARE = MIDDLEWARE + ["django.middleware.clickjacking.XFrameOptionsMiddleware"]

SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
'''

ANSWERS = {"flask_create_app": FLASK, "django_views": DJANGO, "production_settings": SETTINGS}
