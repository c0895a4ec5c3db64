"""Two Flask rungs of the benchmark ladder: Flask + SQLAlchemy, and Flask + SQLAlchemy + marshmallow.

They answer ``GET /api/products/`` (and ``/api/slow/``, ``/api/pid/``) from the
same sqlite file as every benchmark app, so each rung adds one layer to the
one below it: ``create_orm_app`` reads the rows through Flask-SQLAlchemy's ORM
(the counterpart of Django's ORM), ``create_marshmallow_app`` also turns them
into JSON data with a marshmallow schema (the counterpart of DRF's serializer).

``APILAB_BENCH_DB_URL`` (a postgresql:// URL) replaces the sqlite file, and
``APILAB_BENCH_POOL`` picks SQLAlchemy's connection pool: ``queue``
(``QueuePool``, the engine's default: connections are kept and reused) or
``null`` (``NullPool``: a new connection for every checkout, closed on
return). ``GET /api/db/connects/`` says how many database connections this
process has opened (SQLAlchemy's ``connect`` pool event) and how many list
requests it has served.
"""

from __future__ import annotations

import os
import time

from flask import Flask, jsonify
from flask_sqlalchemy import SQLAlchemy
from marshmallow import Schema, fields
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import NullPool, QueuePool

from apilab.measure.bench_apps import database_path, database_url, pool_choice, slow_seconds

POOL_CLASSES = {"queue": QueuePool, "null": NullPool}


class _Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=_Base)


class Product(db.Model):
    """The shop's product table, as Django's migration made it."""

    __tablename__ = "shop_product"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    price_cents: Mapped[int]
    in_stock: Mapped[bool]


class ProductSchema(Schema):
    """The contract's product fields, as the Flask lesson's schema has them."""

    id = fields.Integer()
    name = fields.String()
    price_cents = fields.Integer()
    in_stock = fields.Boolean()


_many = ProductSchema(many=True)


def _products() -> list[Product]:
    return db.session.execute(db.select(Product).order_by(Product.id)).scalars().all()


def _as_dicts(products) -> list[dict]:
    return [{"id": p.id, "name": p.name, "price_cents": p.price_cents, "in_stock": p.in_stock}
            for p in products]


def _sqlalchemy_url() -> str:
    url = database_url()
    if url is None:
        return f"sqlite:///{database_path()}"
    return url.replace("postgresql://", "postgresql+psycopg://", 1)  # psycopg 3, as Django uses


def _create(name: str, to_data) -> Flask:
    app = Flask(name)
    app.config["SQLALCHEMY_DATABASE_URI"] = _sqlalchemy_url()
    pool = pool_choice()
    if pool is not None:
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"poolclass": POOL_CLASSES[pool]}
    db.init_app(app)
    counts = {"connects": 0, "requests": 0}
    with app.app_context():
        @event.listens_for(db.engine, "connect")
        def count_connect(dbapi_connection, connection_record):
            counts["connects"] += 1

    @app.get("/api/products/")
    def list_products():
        counts["requests"] += 1
        return jsonify(to_data(_products()))

    @app.get("/api/db/connects/")
    def db_connects():
        return {"pid": os.getpid(), **counts}

    @app.get("/api/slow/")
    def slow_products():
        time.sleep(slow_seconds())
        return jsonify(to_data(_products()))

    @app.get("/api/pid/")
    def pid():
        return {"pid": os.getpid()}

    return app


def create_orm_app() -> Flask:
    """Flask + SQLAlchemy: rows read through the ORM, turned into dicts by hand."""
    return _create("apilab_bench_flask_orm", _as_dicts)


def create_marshmallow_app() -> Flask:
    """Flask + SQLAlchemy + marshmallow: rows read through the ORM, dumped by a schema."""
    return _create("apilab_bench_flask_marshmallow", _many.dump)
