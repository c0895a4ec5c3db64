"""Two Flask rungs of the benchmark ladder: Flask + SQLAlchemy, and Flask + SQLAlchemy + marshmallow.

They answer ``GET /api/products/`` (and ``/api/slow/``, ``/api/pid/``) from the
same sqlite file as every benchmark app, so each rung adds one layer to the
one below it: ``create_orm_app`` reads the rows through Flask-SQLAlchemy's ORM
(the counterpart of Django's ORM), ``create_marshmallow_app`` also turns them
into JSON data with a marshmallow schema (the counterpart of DRF's serializer).
"""

from __future__ import annotations

import os
import time

from flask import Flask, jsonify
from flask_sqlalchemy import SQLAlchemy
from marshmallow import Schema, fields
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from apilab.measure.bench_apps import database_path, slow_seconds


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


def _create(name: str, to_data) -> Flask:
    app = Flask(name)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{database_path()}"
    db.init_app(app)

    @app.get("/api/products/")
    def list_products():
        return jsonify(to_data(_products()))

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
