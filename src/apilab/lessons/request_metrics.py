"""Count and time every request with prometheus-client, in Flask and in Django (lesson Real-API-Features).

``RequestMetrics`` holds two metrics in a registry of its own: a counter of
requests and a histogram of their durations, both labelled by method, route
and status. The route is the URL pattern the request matched (Flask's
``url_rule``, Django's ``resolver_match.route``), never the raw path: a label
per product id would make one time series per product. Each request also
gets one log line, "request finished", with its status and duration.

- Flask: ``add_request_metrics(app, metrics)`` adds the hooks and ``/metrics``;
- Django: ``RequestMetricsMiddleware`` (in ``MIDDLEWARE``) records into
  ``DJANGO_METRICS``, which ``metrics_view`` serves. A middleware is named
  by a dotted path in the settings, so it finds its metrics at module level.

``metrics_table(text)`` reads an exposition (what ``/metrics`` answers) back
into rows, for a lesson to show.
"""

from __future__ import annotations

import logging
import time

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.parser import text_string_to_metric_families

UNMATCHED = "(unmatched)"  # the route label of a request that matched no URL pattern (a 404)
LABELS = ["method", "route", "status"]
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)  # seconds


class RequestMetrics:
    """A request counter and a duration histogram, by method, route and status, in their own registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("http_requests", "Requests answered.", LABELS, registry=self.registry)
        self.duration = Histogram("http_request_duration_seconds", "Time taken to answer a request.",
                                  LABELS, buckets=BUCKETS, registry=self.registry)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Record one answered request."""
        labels = {"method": method, "route": route, "status": str(status)}
        self.requests.labels(**labels).inc()
        self.duration.labels(**labels).observe(seconds)

    def reset(self) -> None:
        """Forget every request recorded so far."""
        self.requests.clear()
        self.duration.clear()

    def exposition(self) -> bytes:
        """The metrics in Prometheus' text format, as ``/metrics`` answers them."""
        return generate_latest(self.registry)


def log_finished(log: logging.Logger, method: str, route: str, status: int, seconds: float) -> None:
    """Write the one "request finished" line of a request."""
    log.info("request finished", extra={"method": method, "route": route, "status": status,
                                         "duration_ms": round(seconds * 1000, 2)})


def add_request_metrics(app, metrics: RequestMetrics, logger_name: str = "products.flask") -> None:
    """Count, time and log every request of a Flask ``app``, and serve the metrics at ``/metrics``."""
    from flask import g, request

    log = logging.getLogger(logger_name)

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()

    @app.after_request
    def record_request(response):
        if "request_started" in g:  # absent when an earlier hook answered first
            seconds = time.perf_counter() - g.request_started
            route = request.url_rule.rule if request.url_rule else UNMATCHED
            metrics.observe(request.method, route, response.status_code, seconds)
            log_finished(log, request.method, route, response.status_code, seconds)
        return response

    @app.get("/metrics")
    def serve_metrics():
        return metrics.exposition(), 200, {"Content-Type": CONTENT_TYPE_LATEST}


DJANGO_METRICS = RequestMetrics()


class RequestMetricsMiddleware:
    """Count, time and log every Django request into ``DJANGO_METRICS``."""

    metrics = DJANGO_METRICS  # override in a subclass to record elsewhere
    logger_name = "products.django"

    def __init__(self, get_response):
        self.get_response = get_response
        self.log = logging.getLogger(self.logger_name)

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)  # set once the URL is resolved
        route = "/" + match.route if match is not None else UNMATCHED
        self.metrics.observe(request.method, route, response.status_code, seconds)
        log_finished(self.log, request.method, route, response.status_code, seconds)
        return response


def metrics_view(request):
    """The Django view of ``/metrics``: ``DJANGO_METRICS`` in Prometheus' text format."""
    from django.http import HttpResponse

    return HttpResponse(DJANGO_METRICS.exposition(), content_type=CONTENT_TYPE_LATEST)


def metrics_table(exposition: str) -> list[dict]:
    """One row per method, route and status: requests counted, seconds in all, and the histogram's buckets."""
    rows: dict[tuple, dict] = {}
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if "route" not in sample.labels:
                continue
            key = (sample.labels["method"], sample.labels["route"], sample.labels["status"])
            row = rows.setdefault(key, {"method": key[0], "route": key[1], "status": int(key[2])})
            if sample.name == "http_requests_total":
                row["requests"] = int(sample.value)
            elif sample.name == "http_request_duration_seconds_sum":
                row["seconds"] = round(sample.value, 4)
            elif sample.name == "http_request_duration_seconds_bucket":
                row.setdefault("buckets", {})[sample.labels["le"]] = int(sample.value)
    return sorted(rows.values(), key=lambda row: (row["route"], row["method"], row["status"]))
