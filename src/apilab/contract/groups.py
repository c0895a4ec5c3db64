"""The names of the Products API contract's check groups, and what each group covers.

Graders award points per group, so these names are stable: a notebook may
write ``report.assert_groups(contract.CREATE)`` or ``"create"`` alike.
"""

LIST = "list"
CREATE = "create"
VALIDATION = "validation"
RETRIEVE = "retrieve"
REPLACE = "replace"
UPDATE = "update"
DELETE = "delete"
NOT_FOUND = "not_found"
ERRORS = "errors"

AUTH_REQUIRED = "auth_required"
AUTH_READS_PUBLIC = "auth_reads_public"
AUTH_TOKEN_WORKS = "auth_token_works"

FRESH_STORES = "fresh_stores"

GROUPS = {
    LIST: "GET /api/products/: 200, a JSON array of every product, ordered by id",
    CREATE: "POST /api/products/: 201 with the product; ids assigned by the server; in_stock defaults to true",
    VALIDATION: "POST with each invalid value the contract lists: 400 with messages under the field's name",
    RETRIEVE: "GET /api/products/{id}/: 200 with that product",
    REPLACE: "PUT: 200 with every field replaced; an invalid or incomplete PUT is a 400 and changes nothing",
    UPDATE: "PATCH: 200, only the fields sent change; an invalid PATCH is a 400 and changes nothing",
    DELETE: "DELETE: 204 with an empty body; the product is gone; ids are never reused",
    NOT_FOUND: "GET, PUT, PATCH, DELETE of an unknown id: 404 with a JSON detail",
    ERRORS: ("405 with an Allow header for other methods, 400 with a JSON detail for a body that is not JSON, "
             "JSON Content-Type"),
    AUTH_REQUIRED: "writes without a valid token: 401, a JSON detail and a WWW-Authenticate header",
    AUTH_READS_PUBLIC: "reads need no token",
    AUTH_TOKEN_WORKS: "with 'Authorization: Token <key>', every check of Part A holds",
    FRESH_STORES: "each create_app() call returns a new app with its own, empty store",
}

PART_GROUPS = {
    "A": (LIST, CREATE, VALIDATION, RETRIEVE, REPLACE, UPDATE, DELETE, NOT_FOUND, ERRORS),
    "B": (AUTH_REQUIRED, AUTH_READS_PUBLIC, AUTH_TOKEN_WORKS),
}
