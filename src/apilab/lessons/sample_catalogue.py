"""The same small catalogue of products and reviews for both frameworks (lesson Real-API-Features).

``sample_catalogue(products=12, reviews_each=3)`` returns plain dicts, the
same on every call, which a lesson stores with Django's ORM and with
SQLAlchemy in a three-line loop, so that both builds answer the same requests
with the same data.
"""

from __future__ import annotations

NAMES = ["Teapot", "Mug", "Kettle", "Sugar bowl", "Milk jug", "Tea towel", "Coaster", "Saucer",
         "Tray", "Strainer", "Cosy", "Caddy", "Spoon", "Infuser", "Cup", "Jar"]
AUTHORS = ["ada", "grace", "alan", "barbara", "edsger", "margaret"]
REMARKS = ["Does the job.", "Lovely colour.", "Chipped on arrival.", "Would buy again.", "Too small."]


def sample_catalogue(products: int = 12, reviews_each: int = 3) -> list[dict]:
    """Return ``products`` products (name, price_cents, in_stock), each with ``reviews_each`` reviews."""
    if not (isinstance(products, int) and 1 <= products <= 1000):
        raise ValueError(f"products must be a whole number from 1 to 1000, got {products!r}")
    if not (isinstance(reviews_each, int) and 0 <= reviews_each <= 50):
        raise ValueError(f"reviews_each must be a whole number from 0 to 50, got {reviews_each!r}")
    catalogue = []
    for number in range(products):
        name = NAMES[number % len(NAMES)] + ("" if number < len(NAMES) else f" {number // len(NAMES) + 1}")
        reviews = [{"author": AUTHORS[(number + k) % len(AUTHORS)],
                    "rating": 1 + (number * 7 + k * 3) % 5,
                    "text": REMARKS[(number + 2 * k) % len(REMARKS)]} for k in range(reviews_each)]
        catalogue.append({"name": name, "price_cents": 300 + (number * 577) % 4000,
                          "in_stock": number % 4 != 3, "reviews": reviews})
    return catalogue
