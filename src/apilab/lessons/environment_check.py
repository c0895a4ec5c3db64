"""Check that this machine has what the course needs: Python packages and real programs.

``package_versions()`` compares every requirement of the ``apilab`` package
(read from its installed metadata, i.e. from pyproject.toml) with the version
installed; ``programs()`` looks for the real programs some lessons use and
says how to install the missing ones.
"""

from __future__ import annotations

import importlib.metadata
import sys

from apilab.serving.programs import find_program, missing_message

PROGRAMS = {
    "redis-server": "caching and server-side sessions (lessons 3 and 12)",
    "nginx": "a load balancer in front of several servers (lesson 12)",
    "wrk": "a load generator for trustworthy measurements (lesson 12)",
}


def package_versions(include_test_tools: bool = False):
    """Return a DataFrame: package, required, installed, ok — one row per requirement of apilab."""
    import pandas as pd
    from packaging.requirements import Requirement

    rows = []
    for line in importlib.metadata.requires("apilab") or []:
        requirement = Requirement(line)
        is_test_tool = requirement.marker is not None and "test" in str(requirement.marker)
        if is_test_tool and not include_test_tools:
            continue
        try:
            installed = importlib.metadata.version(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            installed = None
        rows.append({
            "package": requirement.name,
            "required": str(requirement.specifier) or "any",
            "installed": installed or "missing",
            "ok": installed is not None and requirement.specifier.contains(installed, prereleases=True),
        })
    return pd.DataFrame(rows)


def python_version() -> str:
    """Return this kernel's Python version, e.g. '3.11.7'."""
    return sys.version.split()[0]


def programs():
    """Return a DataFrame: program, used for, found at (or how to install it)."""
    import pandas as pd

    rows = []
    for name, purpose in PROGRAMS.items():
        rows.append({"program": name, "used for": purpose, "found at": find_program(name) or missing_message(name)})
    return pd.DataFrame(rows)
