"""The contract's OpenAPI document is valid, and schemathesis, driven by it, finds no 5xx and no
schema violation in either reference solution (Part A, and Part B with a valid token).

Developer notes: the apps are served in this process by apilab; each operation
is fuzzed with a fixed, derandomized Hypothesis budget so the run is bounded and
repeatable. Detail operations are aimed both at generated ids (mostly 404s) and
at a product that exists. Invalid data (negative mode) goes into bodies only: a
path whose id is not an integer (``/api/products/1.5/``) is outside the
contract, and Django's router does not match it (Django answers its own 404
page), just as it serves ``/api/products.json``.
"""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from openapi_spec_validator import validate
from reference_apps import drf_buggy, flask_buggy
from reference_apps.assertions import FLASK_TOKEN
from reference_apps.flask_products import create_app
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from apilab.contract import openapi_document

MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]
OPERATIONS = [("GET", "/api/products/"), ("POST", "/api/products/"), ("GET", "/api/products/{id}/"),
              ("PUT", "/api/products/{id}/"), ("PATCH", "/api/products/{id}/"), ("DELETE", "/api/products/{id}/")]
SCHEMA = schemathesis.openapi.from_dict(openapi_document())


def test_openapi_document_is_valid_openapi_3():
    document = openapi_document()
    validate(document)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {"/api/products/", "/api/products/{id}/"}
    assert document["components"]["securitySchemes"]["TokenAuth"]["name"] == "Authorization"


@pytest.fixture(params=["flask-A", "flask-B", "django-A", "django-B"])
def served(request, serve_app, serve_drf, drf_token):
    """A reference solution served in this process: (base URL, headers to send)."""
    framework, part = request.param.split("-")
    if framework == "flask":
        server = serve_app(create_app({FLASK_TOKEN}) if part == "B" else create_app())
        token = FLASK_TOKEN
    else:
        from reference_apps import drf_products

        server = serve_drf(drf_products.auth_urlpatterns if part == "B" else drf_products.urlpatterns)
        token = drf_token
    return server.url, ({"Authorization": f"Token {token}"} if part == "B" else {})


def fuzz(url: str, headers: dict, method: str, path: str, phases=tuple(Phase), examples: int = MAX_EXAMPLES,
         timeout: float = 5) -> None:
    """Fuzz one operation of the served API with schemathesis; raise on the first failed check."""
    existing = requests.post(f"{url}/api/products/", json={"name": "Fuzzed", "price_cents": 100},
                             headers=headers, timeout=5).json()["id"]
    operation = SCHEMA[path][method]
    strategies = [operation.as_strategy(GenerationMode.POSITIVE)]
    if "{id}" in path:
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters={"id": existing}))
    if method in ("POST", "PUT", "PATCH"):
        fixed = {"path_parameters": {"id": existing}} if "{id}" in path else {}
        strategies.append(operation.as_strategy(GenerationMode.NEGATIVE, **fixed))
        if "{id}" in path:
            strategies.append(operation.as_strategy(GenerationMode.NEGATIVE, path_parameters={"id": existing + 1000}))
    for strategy in strategies:

        @settings(max_examples=examples, derandomize=True, database=None, deadline=None, phases=phases,
                  suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def call_and_validate(case):
            case.call_and_validate(base_url=url, headers=headers, checks=CHECKS, timeout=timeout)

        call_and_validate()


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_schemathesis_finds_no_server_error_or_schema_violation(served, method, path):
    url, headers = served
    fuzz(url, headers, method, path)


@pytest.mark.parametrize(("framework", "name", "method"), [("flask", "list_as_text", "GET"),
                                                             ("django", "negative_price_crashes", "POST")])
def test_schemathesis_does_find_a_buggy_variants_bug(framework, name, method, serve_app, serve_drf):
    if framework == "flask":
        variant = next(v for v in flask_buggy.VARIANTS if v.name == name)
        url = serve_app(flask_buggy.create_app_of(variant)()).url
    else:
        variant = next(v for v in drf_buggy.VARIANTS if v.name == name)
        url = serve_drf(drf_buggy.urlpatterns_of(variant)).url
    # The served app is the buggy build (the bug is there to be found), said before fuzzing for it.
    shown = {"GET": lambda: requests.get(f"{url}/api/products/", timeout=30).headers.get("Content-Type", ""),
             "POST": lambda: requests.post(f"{url}/api/products/", json={"name": "Mug", "price_cents": -1},
                                           timeout=30).status_code}[method]()
    assert shown in ("text/html; charset=utf-8", 500), f"{name} is not what is served: {method} answered {shown!r}"
    # More examples than the clean APIs get, and a patient client: a slow machine must not hide the bug.
    with pytest.raises(schemathesis.errors.FailureGroup) as raised:
        fuzz(url, {}, method, "/api/products/", phases=(Phase.generate,), examples=4 * MAX_EXAMPLES, timeout=30)
    assert {"flask": "Undocumented Content-Type", "django": "Server error"}[framework] in str(raised.value)
