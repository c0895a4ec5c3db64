"""Print how long in-kernel servers take to start and stop (a benchmark, not a test).

Run: .venv/bin/python benchmarks/startup_latency.py

Targets: Flask start < 50 ms; Django's first configuration + start < 500 ms;
stop < 100 ms. Django's first start is measured once (it configures Django and
migrates a fresh database); later starts re-serve new URL patterns.
"""

import statistics
import time

import requests
from flask import Flask

import apilab


def flask_app() -> Flask:
    app = Flask("bench")

    @app.get("/ping")
    def ping():
        return {"pong": True}

    return app


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def measure(start, rounds: int = 30) -> tuple[list[float], list[float]]:
    starts, stops = [], []
    for _ in range(rounds):
        started_ms, server = timed(start)
        assert requests.get(server.url + "/ping", timeout=5).ok
        stopped_ms, _ = timed(server.stop)
        starts.append(started_ms)
        stops.append(stopped_ms)
    return starts, stops


def row(label: str, values: list[float], target: float) -> str:
    median = statistics.median(values)
    verdict = "meets" if max(values) < target else "misses"
    return f"{label:<38} median {median:7.1f} ms   max {max(values):7.1f} ms   target < {target:.0f} ms: {verdict}"


def main() -> None:
    from django.http import JsonResponse
    from django.urls import path

    def ping(request):
        return JsonResponse({"pong": True})

    first_django_ms, server = timed(lambda: apilab.serve_django([path("ping", ping)]))
    server.stop()
    flask_starts, flask_stops = measure(lambda: apilab.serve(flask_app(), name="bench"))
    django_starts, django_stops = measure(lambda: apilab.serve_django([path("ping", ping)], name="bench"))
    print(row("Flask start", flask_starts, 50))
    print(row("Flask stop", flask_stops, 100))
    print(row("Django first configuration + start", [first_django_ms], 500))
    print(row("Django re-serve start", django_starts, 50))
    print(row("Django stop", django_stops, 100))


if __name__ == "__main__":
    main()
