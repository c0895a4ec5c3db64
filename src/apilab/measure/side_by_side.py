"""Measure several running setups side by side: in turn, round after round, so they share the machine's ups and downs.

::

    with ExitStack() as stack:
        servers = {f"{n} workers": stack.enter_context(BenchServer("flask", workers=n)) for n in (1, 2, 4)}
        rows = measure_side_by_side(servers, concurrency_levels=[8], repeat=3, duration=0.5)

Every setup must already be serving; ``warm_up`` gets each past its first,
slow requests. Each round measures every level of every setup once, so a
ratio taken within a round compares runs made seconds apart (see
``apilab.measure.spread``). Each row is the load harness's (``apilab.measure.load``)
plus ``setup``, the key of ``servers``.
"""

from __future__ import annotations

import pandas as pd

from apilab.measure import load


def warm_up_all(servers: dict, requests: int = 16, timeout: float = 30.0) -> None:
    """Get every setup past its first, slow requests: ``requests`` GETs of its list, 8 at a time.

    Each worker imports much of its app lazily, on its first requests; the
    answers are thrown away. (``load.warm_up`` adds a burst of load on top.)
    """
    from concurrent.futures import ThreadPoolExecutor

    import requests as http

    if not (isinstance(requests, int) and not isinstance(requests, bool) and 1 <= requests <= 1000):
        raise ValueError(f"requests must be a whole number from 1 to 1000, got {requests!r}")
    for handle in servers.values():
        url, _ = load.resolve_target(handle)
        with ThreadPoolExecutor(max_workers=8) as pool:
            for response in pool.map(lambda _, url=url: http.get(url, timeout=timeout), range(requests)):
                response.raise_for_status()


def measure_side_by_side(servers: dict, concurrency_levels=(8,), repeat: int = 3, requests: int = 10**6,
                         duration: float = 0.5, path: str | None = None, client: str = "auto",
                         progress: bool | None = False, **labels) -> pd.DataFrame:
    """Measure each of ``servers`` (label: handle) at each level, ``repeat`` rounds; return all rows.

    A run stops at ``requests`` responses or ``duration`` seconds. Other
    keyword arguments label the rows (as for ``load.measure``).
    """
    if not isinstance(servers, dict) or not servers:
        raise ValueError("servers must be a non-empty dict of label: running server")
    if not (isinstance(repeat, int) and not isinstance(repeat, bool) and 1 <= repeat <= 20):
        raise ValueError(f"repeat must be a whole number from 1 to 20, got {repeat!r}")
    levels = list(concurrency_levels)
    if not levels:
        raise ValueError("concurrency_levels must not be empty")
    for level in levels:
        load._check_bounds(level, requests, duration, 2.0, 1)
    rows = []
    with load.progress_bar(repeat * len(levels) * len(servers), "load", progress) as bar:
        for run in range(repeat):
            for level in levels:
                for label, handle in servers.items():
                    row = load.measure(handle, concurrency=level, requests=requests, duration=duration,
                                       client=client, path=path, run=run, **labels)
                    rows.append(row.assign(setup=label))
                    bar.update(1)
    return pd.concat(rows, ignore_index=True)
