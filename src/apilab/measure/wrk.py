"""Drive ``wrk``, the HTTP load generator, and read its results from a Lua ``done()`` report.

``run_wrk(url, connections=8, duration=2.0, requests=5000)`` returns a dict of
requests, seconds, requests per second, latency percentiles (ms) and error
counts. A run ends at whichever comes first: ``requests`` completed responses
or ``duration`` seconds.

Developer notes: wrk only knows a duration in whole seconds, so it is started
for longer and sent SIGINT at the deadline (its documented Ctrl-C: it stops,
then reports the true elapsed time). The request bound is kept by the Lua
script: each thread counts responses and, at its share, stops itself and
sends SIGINT to wrk through LuaJIT's FFI. ``response()`` is only defined when
counting, because wrk skips parsing responses when there is none. wrk
counts a response that arrives after the timeout both as a completed request
and as a timeout; the Python client cancels it and counts only the timeout.
"""

from __future__ import annotations

import math
import os
import re
import signal
import subprocess
import tempfile
import time
from urllib.parse import urlsplit

from apilab.serving.managed_process import die_with_parent
from apilab.serving.programs import require_program

LUA_SCRIPT = r"""
local ffi = require("ffi")
ffi.cdef[[ int kill(int pid, int sig); int getpid(void); ]]
local limit = 0
local count = 0

function init(args)
  limit = tonumber(args[1]) or 0
  if limit <= 0 then response = nil end
end

function response(status, headers, body)
  count = count + 1
  if count == limit then
    wrk.thread:stop()
    ffi.C.kill(ffi.C.getpid(), 2)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "APILAB_WRK requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d " ..
    "p50_us=%d p90_us=%d p99_us=%d mean_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
"""

LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
_REPORT = re.compile(r"^APILAB_WRK (.*)$", re.MULTILINE)


def check_loopback_url(url) -> str:
    """Return ``url`` if it is http://127.0.0.1:PORT/... (or localhost); raise ValueError otherwise."""
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme != "http" or parts.hostname not in LOOPBACK_HOSTS or not parts.port:
        raise ValueError(
            f"url must be http://127.0.0.1:PORT/... (load is only ever sent to this machine), got {url!r}"
        )
    return url


def parse_report(output: str) -> dict:
    """Turn the ``APILAB_WRK key=value ...`` line of wrk's output into the harness's numbers."""
    match = _REPORT.search(output)
    if match is None:
        raise RuntimeError(f"wrk printed no report: {output[-400:]!r}")
    raw = {key: int(float(value)) for key, value in
           (pair.split("=") for pair in match.group(1).split())}
    seconds = raw["duration_us"] / 1e6
    completed = raw["requests"]
    no_latency = completed == 0

    def ms(key: str) -> float:
        return math.nan if no_latency else raw[key] / 1000

    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
    return {
        "requests": completed,
        "duration_s": seconds,
        "requests_per_s": completed / seconds if seconds > 0 else 0.0,
        "p50_ms": ms("p50_us"),
        "p90_ms": ms("p90_us"),
        "p99_ms": ms("p99_us"),
        "errors": errors,
        "timeouts": raw["timeout"],
        "non_2xx": raw["status"],
        "connect_errors": raw["connect"],
    }


def run_wrk(url: str, connections: int = 8, duration: float = 2.0, requests: int | None = None,
            timeout: float = 2.0, threads: int = 1) -> dict:
    """Run wrk against ``url`` for at most ``duration`` s and about ``requests`` responses."""
    check_loopback_url(url)
    if not (isinstance(connections, int) and 1 <= connections <= 10000):
        raise ValueError(f"connections must be a whole number from 1 to 10000, got {connections!r}")
    if not (isinstance(duration, (int, float)) and 0.1 <= duration <= 600):
        raise ValueError(f"duration must be seconds from 0.1 to 600, got {duration!r}")
    if requests is not None and not (isinstance(requests, int) and requests >= 1):
        raise ValueError(f"requests must be a whole number >= 1 or None, got {requests!r}")
    if not (isinstance(timeout, (int, float)) and timeout > 0):
        raise ValueError(f"timeout must be seconds > 0, got {timeout!r}")
    if not (isinstance(threads, int) and threads >= 1):
        raise ValueError(f"threads must be a whole number >= 1, got {threads!r}")
    wrk = require_program("wrk")
    threads = max(1, min(threads, connections))
    per_thread = 0 if requests is None else max(1, math.ceil(requests / threads))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="apilab-wrk-") as script:
        script.write(LUA_SCRIPT)
        script.flush()
        command = [
            wrk, "--threads", str(threads), "--connections", str(connections),
            "--duration", f"{math.ceil(duration) + 2}s",
            # wrk's timeout is whole seconds too.
            "--timeout", f"{max(1, math.ceil(timeout))}s",
            "--script", script.name, url, "--", str(per_thread),
        ]
        started = time.monotonic()
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=die_with_parent,
        )
        try:
            try:
                output, _ = process.communicate(timeout=duration)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGINT)  # the deadline: wrk stops and reports
                output, _ = process.communicate(timeout=max(1, math.ceil(timeout)) + 5)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    text = output.decode(errors="replace")
    if "APILAB_WRK" not in text and "unable to connect" in text:
        # wrk checks the address first and gives up: every connection failed.
        return {"requests": 0, "duration_s": time.monotonic() - started, "requests_per_s": 0.0,
                "p50_ms": math.nan, "p90_ms": math.nan, "p99_ms": math.nan,
                "errors": connections, "timeouts": 0, "non_2xx": 0, "connect_errors": connections}
    if process.returncode != 0 and "APILAB_WRK" not in text:
        raise RuntimeError(f"wrk exited with code {process.returncode}: {text[-400:]!r}")
    return parse_report(text)


def run_plain_wrk(url: str, connections: int = 8, seconds: int = 2, threads: int = 1) -> float:
    """Run wrk as its README shows (no script, whole seconds) and return its Requests/sec.

    The yardstick the harness is compared with in ``benchmarks/``.
    """
    check_loopback_url(url)
    if not (isinstance(seconds, int) and 1 <= seconds <= 60):
        raise ValueError(f"seconds must be a whole number from 1 to 60, got {seconds!r}")
    wrk = require_program("wrk")
    completed = subprocess.run(
        [wrk, "--threads", str(max(1, min(threads, connections))), "--connections", str(connections),
         "--duration", f"{seconds}s", url],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=seconds + 30,
        start_new_session=True, preexec_fn=die_with_parent,
    )
    match = re.search(r"Requests/sec:\s*([0-9.]+)", completed.stdout)
    if match is None:
        raise RuntimeError(f"wrk printed no Requests/sec: {completed.stdout[-400:]!r}")
    return float(match.group(1))
