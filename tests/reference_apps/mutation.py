"""Build a buggy variant of a reference solution by editing its source, one realistic bug at a time.

A variant is the reference module's source with a few exact text edits (each
must match exactly once, so a change to the reference cannot silently turn a
variant into a copy of it), executed as a new module.
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


def mutated_source(module: types.ModuleType, variant: Variant) -> str:
    """The module's source with the variant's edits applied (each must match exactly once)."""
    source = inspect.getsource(module)
    for old, new in variant.edits:
        count = source.count(old)
        if count != 1:
            raise ValueError(f"variant {variant.name}: {old!r} occurs {count} times in {module.__name__}")
        source = source.replace(old, new)
    return source


def build(module: types.ModuleType, variant: Variant) -> types.ModuleType:
    """Execute the mutated source as a new module named after the variant."""
    mutated = types.ModuleType(f"{module.__name__}_{variant.name}")
    exec(compile(mutated_source(module, variant), f"<{mutated.__name__}>", "exec"), mutated.__dict__)
    return mutated
