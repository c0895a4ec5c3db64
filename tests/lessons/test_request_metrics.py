"""Request metrics (Real-API-Features): counted and timed by method, route and status, served at /metrics."""

from apilab.lessons.json_logs import capture_json_logs, json_lines
from apilab.lessons.products_builds import create_flask_app
from apilab.lessons.request_metrics import (
    UNMATCHED,
    RequestMetrics,
    RequestMetricsMiddleware,
    add_request_metrics,
    metrics_table,
    metrics_view,
)


def counts(metrics: RequestMetrics) -> dict:
    """{(method, route, status): requests} read back from the metrics' exposition."""
    return {(row["method"], row["route"], row["status"]): row["requests"]
            for row in metrics_table(metrics.exposition().decode())}


def test_observed_requests_are_counted_and_timed_by_label():
    metrics = RequestMetrics()
    metrics.observe("GET", "/a/", 200, 0.002)
    metrics.observe("GET", "/a/", 200, 0.004)
    metrics.observe("POST", "/a/", 400, 0.3)
    rows = {(row["method"], row["status"]): row for row in metrics_table(metrics.exposition().decode())}
    assert {key: row["requests"] for key, row in rows.items()} == {("GET", 200): 2, ("POST", 400): 1}
    assert rows[("GET", 200)]["seconds"] == 0.006
    assert rows[("GET", 200)]["buckets"]["0.0025"] == 1 and rows[("GET", 200)]["buckets"]["0.005"] == 2
    assert rows[("POST", 400)]["buckets"]["0.25"] == 0 and rows[("POST", 400)]["buckets"]["+Inf"] == 1


def test_each_instance_has_its_own_registry_and_reset_forgets():
    first, second = RequestMetrics(), RequestMetrics()
    first.observe("GET", "/a/", 200, 0.01)
    assert counts(first) == {("GET", "/a/", 200): 1} and counts(second) == {}
    first.reset()
    assert counts(first) == {}


def test_flask_requests_are_counted_by_url_rule_and_served_at_metrics():
    app = create_flask_app()
    metrics = RequestMetrics()
    buffer = capture_json_logs("tests.metrics.flask")
    add_request_metrics(app, metrics, logger_name="tests.metrics.flask")
    client = app.test_client()
    client.get("/api/products/")
    client.get("/api/products/")
    client.get("/api/products/7/")
    client.post("/api/products/", json={"name": ""})
    client.get("/nowhere/")
    served = client.get("/metrics")
    assert served.status_code == 200 and served.content_type.startswith("text/plain")
    assert {(row["method"], row["route"], row["status"]): row["requests"]
            for row in metrics_table(served.get_data(as_text=True))} == {
        ("GET", "/api/products/", 200): 2, ("GET", "/api/products/<int:product_id>/", 404): 1,
        ("POST", "/api/products/", 400): 1, ("GET", UNMATCHED, 404): 1}
    finished = [line for line in json_lines(buffer) if line["message"] == "request finished"]
    assert [(line["route"], line["status"]) for line in finished][-2:] == [(UNMATCHED, 404), ("/metrics", 200)]
    assert all(line["duration_ms"] >= 0 for line in finished)


def test_django_requests_are_counted_by_their_resolved_route(django_ready):
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.urls import ResolverMatch

    class Middleware(RequestMetricsMiddleware):
        metrics = RequestMetrics()
        logger_name = "tests.metrics.django"

    def view(request):
        if request.path != "/nowhere/":  # Django sets resolver_match when a pattern matched
            request.resolver_match = ResolverMatch(view, (), {"pk": "3"}, route="api/products/<int:pk>/")
        return HttpResponse(status=404 if request.path == "/nowhere/" else 200)

    buffer = capture_json_logs("tests.metrics.django")
    middleware = Middleware(view)
    middleware(RequestFactory().get("/api/products/3/"))
    middleware(RequestFactory().get("/api/products/4/"))
    middleware(RequestFactory().get("/nowhere/"))
    assert counts(Middleware.metrics) == {("GET", "/api/products/<int:pk>/", 200): 2, ("GET", UNMATCHED, 404): 1}
    assert [line["status"] for line in json_lines(buffer)] == [200, 200, 404]


def test_the_django_metrics_view_answers_the_text_format(django_ready):
    from django.test import RequestFactory

    answer = metrics_view(RequestFactory().get("/metrics"))
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/plain")
    assert b"# TYPE http_requests_total counter" in answer.content
