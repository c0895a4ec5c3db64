"""Run a WSGI app as a serverless function, locally: an API Gateway event in, the function's answer out.

apig-wsgi's ``make_lambda_handler(app)`` turns any WSGI app, Flask or Django,
into an AWS Lambda handler: it builds a WSGI request from the API Gateway event
and returns the response as the dict Lambda hands back to API Gateway.
``http_api_event`` builds a sample event of an HTTP API (payload format 2.0),
and ``invoke`` calls the handler the way Lambda does after a cold start: in a
fresh Python process that imports the app (and nothing of this course), then
answers the event twice (the first request of a new instance, then a warm one)::

    invoke("flask_shop:create_app()", http_api_event("GET", "/api/products/"), cwd="deployment", env=...)

The process prints one JSON line: the seconds the import took, the two calls'
seconds and the first call's response. Times are measurements to report, never
to assert.
"""

from __future__ import annotations

import base64
import json
import statistics
import subprocess
import sys

import pandas as pd

from apilab.serving.managed_process import child_environment

API_HOST = "abc123.execute-api.eu-west-1.amazonaws.com"  # the host name API Gateway gives an API
MARK = "apilab-serverless-result "


def http_api_event(method: str, path: str, *, query: str = "", headers: dict | None = None,
                   body: str | None = None, host: str = API_HOST) -> dict:
    """Return the event an API Gateway HTTP API (payload format 2.0) sends a Lambda function for one request."""
    sent = {"host": host, "user-agent": "sensor-17/1.0", "accept": "application/json",
            "x-forwarded-proto": "https", "x-forwarded-port": "443", "x-forwarded-for": "198.51.100.7",
            **{name.lower(): value for name, value in (headers or {}).items()}}
    if body is not None:
        sent.setdefault("content-type", "application/json")
        sent["content-length"] = str(len(body.encode()))
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": sent,
        "requestContext": {
            "accountId": "123456789012", "apiId": host.split(".")[0], "domainName": host,
            "domainPrefix": host.split(".")[0], "stage": "$default", "requestId": "c6af9ac6-7b61",
            "routeKey": "$default", "time": "03/Dec/2026:17:00:00 +0000", "timeEpoch": 1796317200000,
            "http": {"method": method.upper(), "path": path, "protocol": "HTTP/1.1",
                     "sourceIp": "198.51.100.7", "userAgent": sent["user-agent"]},
        },
        "body": body,
        "isBase64Encoded": False,
    }


def invoke(target: str, event: dict, *, cwd, env: dict | None = None, timeout: float = 60) -> dict:
    """Import ``target`` ("module:app" or "module:factory()") in a fresh process and hand it ``event`` twice.

    Returns {"import_seconds", "first_call_seconds", "warm_call_seconds", "response"}.
    """
    if not isinstance(target, str) or ":" not in target:
        raise ValueError(f"target must look like 'module:app' or 'module:create_app()', got {target!r}")
    run = subprocess.run([sys.executable, "-c", CHILD, target, MARK],
                         input=json.dumps(event), cwd=cwd, capture_output=True, text=True, timeout=timeout,
                         env=child_environment({"PYTHONDONTWRITEBYTECODE": "1", **(env or {})}))
    results = [line[len(MARK):] for line in run.stdout.splitlines() if line.startswith(MARK)]
    if run.returncode != 0 or not results:
        said = (run.stderr or run.stdout).strip().splitlines()
        raise RuntimeError(f"the function could not answer (exit {run.returncode}): {' | '.join(said[-3:])}")
    return json.loads(results[-1])


def response_table(response: dict) -> dict:
    """The status, headers and body of a handler's response, the body decoded from JSON when it is JSON."""
    body = response.get("body", "")
    if response.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    try:
        body = json.loads(body)
    except ValueError:
        pass
    return {"statusCode": response["statusCode"], "headers": response.get("headers", {}), "body": body}


def cold_starts(targets: dict[str, tuple[str, dict]], event: dict, *, cwd, runs: int = 3) -> pd.DataFrame:
    """For each name: (target, env), run ``invoke`` ``runs`` times; return the median seconds side by side."""
    if not (isinstance(runs, int) and 1 <= runs <= 10):
        raise ValueError(f"runs must be a whole number from 1 to 10, got {runs!r}")
    table = {}
    for name, (target, env) in targets.items():
        timings = [invoke(target, event, cwd=cwd, env=env) for _ in range(runs)]
        table[name] = {f"{what.replace('_', ' ')} (median of {runs})": statistics.median(t[what] for t in timings)
                       for what in ("import_seconds", "first_call_seconds", "warm_call_seconds")}
    return pd.DataFrame(table).round(3)


# What the fresh process runs (python -c, with the project folder first on sys.path). It imports
# nothing of this course before the app, so the app's import time is the app's alone.
CHILD = """
import importlib, json, sys, time
MARK = sys.argv[2]
from types import SimpleNamespace
started = time.perf_counter()
module_name, _, attribute = sys.argv[1].partition(":")
app = getattr(importlib.import_module(module_name), attribute.removesuffix("()"))
app = app() if attribute.endswith("()") else app
imported = time.perf_counter()
from apig_wsgi import make_lambda_handler
handler = make_lambda_handler(app)
event = json.loads(sys.stdin.read())
context = SimpleNamespace(aws_request_id="c6af9ac6-7b61", function_name="products-api",
                          get_remaining_time_in_millis=lambda: 3000)
wrapped = time.perf_counter()
response = handler(event, context)
first = time.perf_counter()
handler(event, context)
warm = time.perf_counter()
print(MARK + json.dumps({"import_seconds": imported - started, "first_call_seconds": first - wrapped,
                      "warm_call_seconds": warm - first, "response": response}))
"""
