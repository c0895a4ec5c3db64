"""A throwaway sqlite table for the lesson that attacks it with SQL injection.

``customers_table()`` returns an in-memory sqlite connection holding a small
``customers`` table with a secret column. The lesson queries it the unsafe
way (a string-formatted query) and the safe way (parameters), and shows that
Django's ORM sends parameters too. Nothing here touches the course database.
"""

from __future__ import annotations

import sqlite3

CUSTOMERS = [
    ("ada", "ada@example.com", "4111-0000-0000-0001"),
    ("grace", "grace@example.com", "4111-0000-0000-0002"),
    ("linus", "linus@example.com", "4111-0000-0000-0003"),
]


def customers_table() -> sqlite3.Connection:
    """Return a new in-memory sqlite database with a ``customers(name, email, card)`` table."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE customers (name TEXT, email TEXT, card TEXT)")
    connection.executemany("INSERT INTO customers VALUES (?, ?, ?)", CUSTOMERS)
    connection.commit()
    return connection
