"""The Products API in Flask as a deployable service: Flask-SQLAlchemy, marshmallow, token-protected writes.

The Flask counterpart of ``shop_api.py`` and ``production_settings.py``: every
choice Django's project layout makes for you is written out here. Configuration
comes from ``FLASK_*`` environment variables (``app.config.from_prefixed_env()``):

- ``FLASK_SQLALCHEMY_DATABASE_URI`` (required), e.g. ``sqlite:////data/shop.sqlite3``
  or ``postgresql+psycopg://user:password@host/products``;
- ``FLASK_HSTS_SECONDS`` (default 300), ``FLASK_HSTS_INCLUDE_SUBDOMAINS`` and
  ``FLASK_HSTS_PRELOAD`` (default false): the HSTS rollout step, as in the Django settings.

Anyone reads; a write needs ``Authorization: Token <key>`` (``flask --app
flask_shop create-token NAME`` makes one). ``flask --app flask_shop init-db``
creates the tables once per release, never from each worker at start-up.
``/healthz/`` and ``/readyz/`` answer the platform's probes.

Behind the proxy: ``ProxyFix`` believes ``X-Forwarded-Proto`` and
``X-Forwarded-For`` from exactly one proxy (the Nginx in front, which sets them
itself), like Django's ``SECURE_PROXY_SSL_HEADER``; plain HTTP is redirected to
HTTPS, like Django's ``SECURE_SSL_REDIRECT``, except the probes.
"""

import hashlib
import secrets

import click
from flask import Flask, abort, redirect, request
from flask_httpauth import HTTPTokenAuth
from flask_sqlalchemy import SQLAlchemy
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate
from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
auth = HTTPTokenAuth(scheme="Token")
PROBES = ("/healthz/", "/readyz/")  # the platform calls these over plain HTTP


class Product(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    price_cents: Mapped[int]
    in_stock: Mapped[bool] = mapped_column(default=True)


class ApiToken(db.Model):
    """A token is kept as the SHA-256 digest of its key: a leaked table holds no working key."""

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user: Mapped[str] = mapped_column(String(150))


SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                    "Referrer-Policy": "same-origin", "Cross-Origin-Opener-Policy": "same-origin"}


def digest_of(key: str) -> str:
    # A fast hash suits a random 160-bit key (a password needs a slow, salted one); looked up by its index.
    return hashlib.sha256(key.encode()).hexdigest()


def not_blank(value: str) -> None:
    """Refuse a name of spaces only; a name with spaces around it is kept as sent."""
    if not value.strip():
        raise ValidationError("Must not be blank.")


class ProductSchema(Schema):
    """A product as the contract shows it: name 1-100 characters and not blank, price_cents >= 0."""

    class Meta:
        unknown = EXCLUDE

    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=[validate.Length(min=1, max=100), not_blank])
    price_cents = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))
    in_stock = fields.Boolean(load_default=True)


schema = ProductSchema()


@auth.verify_token
def user_of(key):
    token = db.session.get(ApiToken, digest_of(key)) if key else None
    return token.user if token else None


@auth.error_handler
def unauthorized(status):
    return {"detail": "Authentication credentials were not provided or are not valid."}, status


FLAGS = {"true": True, "1": True, "yes": True, "on": True, "false": False, "0": False, "no": False, "off": False,
         "": False}


def flag(config, name: str) -> bool:
    """A yes/no setting read as the Django settings read it; anything else is refused, not taken as yes."""
    value = config.get(name, False)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in FLAGS:
        raise RuntimeError(f"FLASK_{name} must be true or false, got {value!r}")
    return FLAGS[text]


def hsts_value(config) -> str:
    """The Strict-Transport-Security header of the configured rollout step."""
    seconds = int(config.get("HSTS_SECONDS", 300))
    subdomains, preload = flag(config, "HSTS_INCLUDE_SUBDOMAINS"), flag(config, "HSTS_PRELOAD")
    if preload and not (subdomains and seconds >= 31536000):
        raise RuntimeError("HSTS preload needs includeSubDomains and a max-age of at least a year")
    return f"max-age={seconds}" + "; includeSubDomains" * subdomains + "; preload" * preload


def create_app():
    """Build the service from FLASK_* environment variables; refuse to start without a database URI."""
    app = Flask(__name__)
    app.config.from_prefixed_env()  # FLASK_SQLALCHEMY_DATABASE_URI -> app.config["SQLALCHEMY_DATABASE_URI"]
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        raise RuntimeError("Set the environment variable FLASK_SQLALCHEMY_DATABASE_URI (see flask_shop.py)")
    db.init_app(app)
    # Exactly one proxy in front sets X-Forwarded-Proto and -For: believe one hop, nothing more.
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
    hsts = hsts_value(app.config)

    @app.before_request
    def https_only():
        if not request.is_secure and request.path not in PROBES:
            return redirect(request.url.replace("http://", "https://", 1), code=301)
        return None

    @app.after_request
    def security_headers(response):
        # What Django's SecurityMiddleware and XFrameOptionsMiddleware send by default, set here by hand.
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure:  # browsers ignore HSTS on plain HTTP; Django sends it on HTTPS only too
            response.headers["Strict-Transport-Security"] = hsts
        return response

    def find(product_id):
        return db.session.get(Product, product_id) or abort(404, "No product with this id.")

    @app.get("/api/products/")
    def list_products():
        return schema.dump(db.session.scalars(db.select(Product).order_by(Product.id)), many=True)

    @app.post("/api/products/")
    @auth.login_required
    def create_product():
        product = Product(**schema.load(request.get_json()))
        db.session.add(product)
        db.session.commit()
        return schema.dump(product), 201

    @app.get("/api/products/<int:product_id>/")
    def get_product(product_id):
        return schema.dump(find(product_id))

    @app.route("/api/products/<int:product_id>/", methods=["PUT", "PATCH"])
    @auth.login_required
    def change_product(product_id):
        product = find(product_id)
        for name, value in schema.load(request.get_json(), partial=request.method == "PATCH").items():
            setattr(product, name, value)
        db.session.commit()
        return schema.dump(product)

    @app.delete("/api/products/<int:product_id>/")
    @auth.login_required
    def delete_product(product_id):
        db.session.delete(find(product_id))
        db.session.commit()
        return "", 204

    @app.get("/healthz/")
    def healthz():
        return {"status": "alive"}

    @app.get("/readyz/")
    def readyz():
        db.session.execute(text("SELECT 1"))
        return {"status": "ready", "database": db.engine.dialect.name}

    @app.errorhandler(ValidationError)
    def invalid_fields(error):
        return error.messages, 400

    @app.errorhandler(HTTPException)  # 400, 404, 405, 415 as JSON, not HTML
    def http_error(error):
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        return {"detail": error.description}, error.code, headers

    @app.cli.command("init-db")
    def init_db():
        """Create the tables (once per release; Flask-Migrate/Alembic when the schema changes)."""
        db.create_all()
        click.echo("tables: " + ", ".join(sorted(db.metadata.tables)))

    @app.cli.command("create-token")
    @click.argument("user")
    def create_token(user):
        """Make an API token for USER and print its key, once: only its digest is stored."""
        key = secrets.token_hex(20)
        db.session.add(ApiToken(digest=digest_of(key), user=user))
        db.session.commit()
        click.echo(f"Generated token {key} for user {user}")

    return app
