"""A correct answer in another style: each app keeps its products in its own in-memory sqlite database."""

DESCRIPTION = "correct, different style: raw sqlite3 per app (AUTOINCREMENT ids), one view function per URL"
EXPECTED_SCORE = 20.0

ANSWERS = {
    "create_app": '''
import json
import sqlite3
import threading

from flask import Flask, Response, request

FIELDS = ("id", "name", "price_cents", "in_stock")


def product_errors(data, partial=False):
    """Return {field: [messages]} for an invalid product body."""
    if type(data) is not dict:
        return {"non_field_errors": ["Invalid data."]}
    errors = {}
    checks = {
        "name": lambda v: type(v) is str and 0 < len(v.strip()) and len(v) <= 100,
        "price_cents": lambda v: type(v) is int and v >= 0,
        "in_stock": lambda v: type(v) is bool,
    }
    for name, check in checks.items():
        if name in data:
            if not check(data[name]):
                errors[name] = [f"Invalid {name}."]
        elif not partial and name != "in_stock":
            errors[name] = ["This field is required."]
    return errors


def reply(body, status=200):
    text = "" if body is None else json.dumps(body)
    return Response(text, status=status, mimetype="application/json" if body is not None else None)


def create_app():
    """Return a new Flask app serving the Products API, with its own empty store."""
    app = Flask(__name__)
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute("CREATE TABLE product (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, "
               "price_cents INTEGER, in_stock INTEGER)")
    lock = threading.Lock()

    def row(product_id):
        found = db.execute("SELECT id, name, price_cents, in_stock FROM product WHERE id = ?",
                           (product_id,)).fetchone()
        return None if found is None else dict(zip(FIELDS, found[:3] + (bool(found[3]),)))

    def body():
        try:
            return json.loads(request.get_data() or b"null"), None
        except ValueError:
            return None, reply({"detail": "JSON parse error."}, 400)

    @app.route("/api/products/", methods=["GET", "POST"])
    def products():
        with lock:
            if request.method == "GET":
                ids = [r[0] for r in db.execute("SELECT id FROM product ORDER BY id")]
                return reply([row(i) for i in ids])
            data, bad = body()
            if bad:
                return bad
            errors = product_errors(data)
            if errors:
                return reply(errors, 400)
            cursor = db.execute("INSERT INTO product (name, price_cents, in_stock) VALUES (?, ?, ?)",
                                (data["name"], data["price_cents"], int(data.get("in_stock", True))))
            return reply(row(cursor.lastrowid), 201)

    @app.route("/api/products/<int:product_id>/", methods=["GET", "PUT", "PATCH", "DELETE"])
    def product(product_id):
        with lock:
            current = row(product_id)
            if current is None:
                return reply({"detail": "Not found."}, 404)
            if request.method == "GET":
                return reply(current)
            if request.method == "DELETE":
                db.execute("DELETE FROM product WHERE id = ?", (product_id,))
                return reply(None, 204)
            data, bad = body()
            if bad:
                return bad
            errors = product_errors(data, partial=request.method == "PATCH")
            if errors:
                return reply(errors, 400)
            current.update({k: data[k] for k in FIELDS[1:] if k in data})
            db.execute("UPDATE product SET name = ?, price_cents = ?, in_stock = ? WHERE id = ?",
                       (current["name"], current["price_cents"], int(current["in_stock"]), product_id))
            return reply(current)

    @app.errorhandler(404)
    @app.errorhandler(405)
    def http_error(error):
        answer = reply({"detail": error.description}, error.code)
        if error.code == 405:
            answer.headers["Allow"] = ", ".join(error.valid_methods)
        return answer

    return app
''',
}
