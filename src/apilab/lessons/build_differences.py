"""Where two builds of the Products API may still differ: the requests the contract leaves open.

The contract's checks prove that a Flask build and a DRF build answer alike
wherever the contract says what to answer. It deliberately says nothing about
a few cases in which the frameworks' ordinary solutions differ (padding spaces
around a name, a price sent as a numeric string or as ``5.0``, a ``PUT`` that
omits ``in_stock``); :func:`open_cases` sends exactly those requests to each
running build and shows the answers side by side. What happens on a restart (does the store persist?) is a third such
case; a lesson shows it by starting a build again.
"""

from __future__ import annotations

import pandas as pd
import requests

PADDED_NAME = " Mug "


def _probe(base_url: str) -> dict:
    """Send the open cases to one build; remove what they created; return what came back."""
    api = base_url.rstrip("/") + "/api/products/"
    created = []
    try:
        padded = requests.post(api, json={"name": PADDED_NAME, "price_cents": 100}, timeout=10)
        if padded.status_code == 201:
            created.append(padded.json()["id"])
        jug = requests.post(api, json={"name": "Jug", "price_cents": 100, "in_stock": False}, timeout=10)
        if jug.status_code != 201:
            raise ValueError(f"POST {api} with a valid product answered {jug.status_code}: {jug.text[:200]}")
        created.append(jug.json()["id"])
        replaced = requests.put(f"{api}{created[-1]}/", json={"name": "Jug", "price_cents": 150}, timeout=10)
        coerced = {}
        for shown, price in (('"5"', "5"), ("5.0", 5.0)):
            reply = requests.post(api, json={"name": "Cup", "price_cents": price}, timeout=10)
            if reply.status_code == 201:
                created.append(reply.json()["id"])
            coerced[shown] = reply
    finally:
        for product_id in created:
            requests.delete(f"{api}{product_id}/", timeout=10)
    return {
        f"POST name {PADDED_NAME!r}: status": padded.status_code,
        f"POST name {PADDED_NAME!r}: name stored": repr(padded.json().get("name")) if padded.ok else "(refused)",
        "PUT, in_stock left out: status": replaced.status_code,
        "PUT, in_stock left out: in_stock (was false)": replaced.json().get("in_stock"),
        **{f"POST price_cents {shown}: status": reply.status_code for shown, reply in coerced.items()},
    }


def open_cases(builds: dict[str, str]) -> pd.DataFrame:
    """Send the requests the contract leaves open to each build (name -> base URL); one column per build."""
    if not builds:
        raise ValueError("open_cases() needs at least one build: {name: base URL}")
    return pd.DataFrame({name: _probe(url) for name, url in builds.items()})
