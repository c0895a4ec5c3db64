"""Count the lines of code of functions and classes, including ones defined in a notebook.

The lessons compare how much code each framework needed for the same job:
``count_lines(create_app)`` counts the lines that are neither blank nor
comments nor docstrings, read from the live object's source.

Developer notes: ``inspect.getsource`` finds a function defined in a notebook
cell (IPython puts each cell's text in ``linecache``) but refuses a class
defined there (its module ``__main__`` has no file). For a class, this module
looks through the cells in ``linecache`` (files named ``.../ipykernel_<pid>/...``)
for the most recent one that defines ``class <name>`` and reads the indented
block from there.
"""

from __future__ import annotations

import inspect
import io
import linecache
import re
import textwrap
import tokenize


def _class_source_from_cells(cls: type) -> str:
    """Find the source of a class defined in a notebook cell (the latest definition wins)."""
    pattern = re.compile(rf"^(\s*)class\s+{re.escape(cls.__name__)}\b")
    cells = [name for name in linecache.cache if "ipykernel_" in name or name.startswith("<ipython-input")]
    for filename in reversed(cells or list(linecache.cache)):
        lines = linecache.cache[filename][2]
        for number, line in enumerate(lines):
            if pattern.match(line):
                return "".join(inspect.getblock(lines[number:]))
    raise ValueError(f"cannot find the source of class {cls.__qualname__}: define it in a cell or a module")


def source_of(obj) -> str:
    """Return the source text of a function, class or module (or ``obj`` itself if it is a string)."""
    if isinstance(obj, str):
        return obj
    if not (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismodule(obj) or inspect.ismethod(obj)):
        raise TypeError(f"count_lines() takes functions, classes, modules or source strings, got {type(obj).__name__}")
    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        if inspect.isclass(obj):
            return _class_source_from_cells(obj)
        raise ValueError(f"the source of {obj!r} is not available") from None


def code_lines(source: str) -> list[str]:
    """Return the lines of ``source`` that hold code (not blank, not only a comment, not a docstring)."""
    source = textwrap.dedent(source)
    docstring_lines: set[int] = set()
    previous = tokenize.NEWLINE
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        # A string that is a whole statement on its own is a docstring (or inert).
        if token.type == tokenize.STRING and previous in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            docstring_lines.update(range(token.start[0], token.end[0] + 1))
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            previous = token.type
    return [
        line for number, line in enumerate(source.splitlines(), start=1)
        if line.strip() and not line.strip().startswith("#") and number not in docstring_lines
    ]


def count_lines(*objects) -> int:
    """Count the code lines of all the given functions, classes, modules or source strings."""
    if not objects:
        raise TypeError("count_lines() needs at least one function, class, module or source string")
    return sum(len(code_lines(source_of(obj))) for obj in objects)
