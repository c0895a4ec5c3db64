"""The harness's Python load client (aiohttp, keep-alive), run as its own process.

``python -m apilab.measure.load_client URL CONCURRENCY REQUESTS DURATION TIMEOUT``
prints one JSON object: each completed request's latency in ms, error
counts, the wall-clock start and end, and the CPU time the run used. ``apilab.measure.load`` starts one or more of
these processes when wrk is not installed (or when asked to) and merges them.

Developer notes: a client in its own process does not share the kernel's GIL
or event loop. The run stops issuing requests at ``REQUESTS`` or at the
deadline, whichever is first; requests still in flight at the deadline are
cancelled and counted nowhere, as wrk does.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time


async def _run(url: str, concurrency: int, requests: int, duration: float, timeout: float) -> dict:
    import aiohttp

    result = {"latencies_ms": [], "errors": 0, "timeouts": 0, "non_2xx": 0,
              "connect_errors": 0, "started": time.time()}
    cpu_started = time.process_time()
    issued = 0
    deadline = time.monotonic() + duration
    latencies = result["latencies_ms"]
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    client_timeout = aiohttp.ClientTimeout(total=timeout)

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal issued
        while issued < requests and time.monotonic() < deadline:
            issued += 1
            start = time.perf_counter()
            try:
                async with session.get(url) as response:
                    await response.read()
                    status = response.status
            except TimeoutError:
                result["timeouts"] += 1
                result["errors"] += 1
                continue
            except aiohttp.ClientConnectorError:
                result["connect_errors"] += 1
                result["errors"] += 1
                await asyncio.sleep(0.001)  # a refused connection fails at once: don't spin
                continue
            except aiohttp.ClientError:
                result["errors"] += 1
                continue
            latencies.append((time.perf_counter() - start) * 1000)
            if status > 399:  # as wrk counts status errors
                result["non_2xx"] += 1
                result["errors"] += 1

    async with aiohttp.ClientSession(connector=connector, timeout=client_timeout,
                                     skip_auto_headers=("User-Agent",)) as session:
        tasks = [asyncio.create_task(worker(session)) for _ in range(concurrency)]
        _, pending = await asyncio.wait(tasks, timeout=max(0.0, deadline - time.monotonic()))
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    result["ended"] = time.time()
    result["cpu_s"] = time.process_time() - cpu_started  # the run's own CPU time, start-up excluded
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 5:
        print("usage: python -m apilab.measure.load_client URL CONCURRENCY REQUESTS DURATION TIMEOUT")
        return 2
    url, concurrency, requests, duration, timeout = (
        argv[0], int(argv[1]), int(argv[2]), float(argv[3]), float(argv[4]))
    result = asyncio.run(_run(url, concurrency, requests, duration, timeout))
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
