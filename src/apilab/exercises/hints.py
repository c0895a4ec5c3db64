"""What commonly causes a failed check: a hint shown under a failed check's line, only when it matches."""

from __future__ import annotations

import re

# (a pattern of a failed check's line, what commonly causes it)
HINTS = [
    (r"(GET|POST|PUT|PATCH|DELETE) /api/products/(\d+/)? .*got (404|301|308)\b(?!.*detail)",
     "every path ends with a slash: /api/products/ and /api/products/<id>/"),
    (r"paths end with a slash",
     "every path ends with a slash: /api/products/ and /api/products/<id>/ (in Django: path(\"api/products/\", ...))"),
    (r"ids are never reused|a new id, not \d+",
     "sqlite gives a deleted product's id again unless the column is INTEGER PRIMARY KEY AUTOINCREMENT; "
     "a counter in Python must never go down"),
    (r"got 500\b", "your app failed to answer: apilab.recent_errors() shows the traceback"),
    (r"module-level|share a store",
     "keep the store in a variable created inside create_app(), not at module level"),
    (r"Content-Type: text/html",
     "errors must be JSON too: in Flask an @app.errorhandler(HTTPException) returning jsonify(detail=...)"),
    (r"405 with no Allow header|405 with Allow:",
     "a 405 names the methods its path accepts in an Allow header: Flask and DRF send it; a Flask error "
     "handler that answers JSON must pass on the error's own headers (error.get_headers(), without its "
     "Content-Type)"),
    (r"not a JSON object is invalid",
     "check that the body is a JSON object (a dict) before reading its fields"),
    (r"stores no unknown field|unknown fields are ignored",
     "copy only name, price_cents and in_stock from the body; never the id a client sends"),
    (r"401 without a WWW-Authenticate header",
     "a 401 names its scheme: in Flask return the header {'WWW-Authenticate': 'Token'} with it; in DRF put "
     "TokenAuthentication first in authentication_classes"),
    (r"expected 401 with a JSON .*got 403\b",
     "DRF answers 403 when its first authentication class sends no WWW-Authenticate header: "
     "put TokenAuthentication first"),
    (r"could not create a product to check with: .*got 401\b|with a deleted token: expected 401"
     r"|with key \d+ of \d+: expected 201",
     "a write with a valid 'Authorization: Token <key>' must go through: read the key after 'Token ' and accept "
     "every key given (and no deleted one)"),
    (r"not a page: count, next, previous, results",
     "answer the list as a page: {\"count\": every match, \"next\": a link or null, \"previous\": a link or null, "
     "\"results\": [...]}; in DRF a PageNumberPagination subclass as the view's pagination_class"),
    (r"the budget is \d+ whatever the page size",
     "read every product's reviews in one query with the products: prefetch_related in Django, selectinload "
     "or joinedload in SQLAlchemy, or one JOIN of your own"),
    (r"no SQL query was counted",
     "answer from the SQLite database on every request: rows kept in Python are not the database"),
    (r"next keeps the filter|following next from page 1",
     "build next and previous from the request's own query string, changing only page"),
    (r"changes nothing.*became",
     "validate the whole body first, then change the product: an invalid request changes nothing"),
]


def hint(line: str) -> str:
    """The hint for a failed check's line, or '' when no common cause is known."""
    for pattern, text in HINTS:
        if re.search(pattern, line):
            return text
    return ""
