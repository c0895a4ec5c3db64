"""``skip_iri_grammar()``: about a CPU-second off the start of each process that imports nbformat or nbgrader.

jsonschema imports ``rfc3987_syntax`` for its "iri" format checks, and that builds its Lark grammars as it
is imported (jsonschema issue 1428). No schema nbformat, nbgrader or the course checks has that format,
and no format is checked unless a format checker is given; jsonschema leaves the check out when the import
fails.
"""

from __future__ import annotations

import sys


def skip_iri_grammar() -> None:
    """Keep ``rfc3987_syntax`` from being imported in this process (call it before anything imports jsonschema)."""
    sys.modules.setdefault("rfc3987_syntax", None)
