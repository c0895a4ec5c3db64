"""Print how the load harness's throughput compares with wrk's on the same server (a benchmark, not a test).

Run: .venv/bin/python benchmarks/harness_vs_wrk.py

For each app and concurrency level, interleaved, three measurements of the
same gunicorn server (2 sync workers): wrk run plainly as its README shows,
the harness driving wrk (``client="wrk"``, the default when wrk is
installed), and the harness's own Python client (``client="python"``).
Target: harness / wrk >= 0.9. Needs wrk.
"""

from __future__ import annotations

import statistics
import sys

import pandas as pd

from apilab import load
from apilab.bench_servers import start_bench_server
from apilab.wrk import run_plain_wrk

SECONDS = 2


def compare(frameworks=("flask", "wsgi"), levels=(8, 32), repeat: int = 2, seconds: int = SECONDS,
            workers: int = 2) -> pd.DataFrame:
    """Return one row per (framework, concurrency): wrk's req/s and the harness's, with ratios."""
    rows = []
    for framework in frameworks:
        with start_bench_server(framework, server="gunicorn", workers=workers) as server:
            run_plain_wrk(server.url, 8, 1)  # warm up
            for concurrency in levels:
                plain, via_wrk, via_python = [], [], []
                for _ in range(repeat):
                    plain.append(run_plain_wrk(server.url, concurrency, seconds))
                    via_wrk.append(load.measure(server, concurrency=concurrency, requests=10**7,
                                                duration=seconds, client="wrk")["requests_per_s"][0])
                    via_python.append(load.measure(server, concurrency=concurrency, requests=10**7,
                                                   duration=seconds, client="python")["requests_per_s"][0])
                wrk_mean = statistics.mean(plain)
                rows.append({
                    "framework": framework, "server": f"gunicorn x{workers}", "concurrency": concurrency,
                    "wrk_req_s": wrk_mean,
                    "harness_wrk_req_s": statistics.mean(via_wrk),
                    "harness_wrk_ratio": statistics.mean(via_wrk) / wrk_mean,
                    "harness_python_req_s": statistics.mean(via_python),
                    "harness_python_ratio": statistics.mean(via_python) / wrk_mean,
                })
    return pd.DataFrame(rows)


def main() -> int:
    table = compare()
    print(table.round(2).to_string(index=False))
    print(f"\nharness (client='wrk')    / wrk: median {table['harness_wrk_ratio'].median():.2f}  (target >= 0.9)")
    print(f"harness (client='python') / wrk: median {table['harness_python_ratio'].median():.2f}  (target >= 0.9)")
    print(f"client='auto' uses: {load.which_client()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
