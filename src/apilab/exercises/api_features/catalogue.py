"""The catalogues exercise 6's checks serve: products, each with its reviews, the same on every run.

The visible one has 56 products and the hidden one (``other_values``) 61, so
that the last page is partly full and a page size of 50 can be asked for; a
third of the products are out of stock and a quarter have no review. Names are
unique: the checks tell products apart by name, not by id.
"""

from __future__ import annotations

VISIBLE = ("Desk lamp", "Notebook", "Kettle", "Backpack", "Headphones", "Mug", "Umbrella")
HIDDEN = ("Teapot", "Scarf", "Pencil case", "Doormat", "Water bottle", "Clock")
AUTHORS = ("ada", "grace", "linus", "guido", "barbara", "ken")


def catalogue(other_values: bool = False) -> list[dict]:
    """The products to store, in id order: {"name", "price_cents", "in_stock", "reviews": [...]} each."""
    words, count, step = (HIDDEN, 61, 7) if other_values else (VISIBLE, 56, 5)
    products = []
    for number in range(count):
        reviews = [{"author": AUTHORS[(number + seen) % len(AUTHORS)], "rating": 1 + (number * step + seen) % 5,
                    "text": f"Review {seen + 1} of item {number + 1}." if (number + seen) % 3 else ""}
                   for seen in range(number % 4)]
        products.append({"name": f"{words[number % len(words)]} {number + 1}",
                         "price_cents": 250 + (number * 37 * step) % 4800,
                         "in_stock": number % 3 != 1,
                         "reviews": reviews})
    return products
