"""Print how the load harness's throughput compares with wrk's on the same server (a benchmark, not a test).

Run: .venv/bin/python benchmarks/harness_vs_wrk.py

For each app and concurrency level, interleaved, three measurements of the
same gunicorn server (2 sync workers): wrk run plainly as its README shows,
the harness driving wrk (``client="wrk"``, the default when wrk is
installed), and the harness's own Python client (``client="python"``)
(``apilab.measure.comparisons.compare_clients``). Target: harness / wrk >= 0.9.
Needs wrk.
"""

from __future__ import annotations

import sys

import pandas as pd

from apilab.measure import load
from apilab.measure.bench_servers import start_bench_server
from apilab.measure.comparisons import compare_clients


def compare(frameworks=("flask", "wsgi"), levels=(8, 32), repeat: int = 2, seconds: int = 2,
            workers: int = 2) -> pd.DataFrame:
    """Return one row per (framework, concurrency): wrk's req/s and the harness's, with ratios."""
    tables = []
    for framework in frameworks:
        with start_bench_server(framework, server="gunicorn", workers=workers) as server:
            load.measure(server, concurrency=8, requests=500, duration=1)  # warm up
            tables.append(compare_clients(server, concurrency_levels=levels, repeat=repeat,
                                          seconds=seconds, progress=False))
    return pd.concat(tables, ignore_index=True)


def main() -> int:
    table = compare()
    print(table.round(2).to_string(index=False))
    print(f"\nharness (client='wrk')    / wrk: median {table['harness_wrk_ratio'].median():.2f}  (target >= 0.9)")
    print(f"harness (client='python') / wrk: median {table['harness_python_ratio'].median():.2f}  (target >= 0.9)")
    print(f"client='auto' uses: {load.which_client()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
