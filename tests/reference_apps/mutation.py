"""Build a buggy variant of a reference solution by editing its source, one realistic bug at a time.

A variant is the reference module's source with a few exact text edits (each
must match exactly once, so a change to the reference cannot silently turn a
variant into a copy of it), executed as a new module. ``apply_edits`` does
the same to any text: the grading samples write their wrong answers with it.
"""

import inspect
import types
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Variant:
    """A reference solution with one bug, and the contract groups that must fail because of it."""

    name: str
    bug: str
    edits: tuple  # ((old text, new text), ...)
    fails: frozenset = field(default_factory=frozenset)
    part: str = "A"


def apply_edits(source: str, edits, where: str) -> str:
    """``source`` with each (old text, new text) edit applied; each old text must occur exactly once."""
    for old, new in edits:
        count = source.count(old)
        if count != 1:
            raise ValueError(f"{where}: {old!r} occurs {count} times")
        source = source.replace(old, new)
    return source


def mutated_source(module: types.ModuleType, variant: Variant) -> str:
    """The module's source with the variant's edits applied (each must match exactly once)."""
    return apply_edits(inspect.getsource(module), variant.edits, f"variant {variant.name} of {module.__name__}")


def build(module: types.ModuleType, variant: Variant) -> types.ModuleType:
    """Execute the mutated source as a new module named after the variant."""
    mutated = types.ModuleType(f"{module.__name__}_{variant.name}")
    exec(compile(mutated_source(module, variant), f"<{mutated.__name__}>", "exec"), mutated.__dict__)
    return mutated
