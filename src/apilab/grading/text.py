"""Text that came from a learner, made safe to print, store or show: one line, no control characters, cut.

A learner's error message or file name can hold carriage returns and terminal
escapes (to print a fake report line over a real one), newlines, or a megabyte
of text. ``plain`` keeps printable characters, shows every other as ``\\xNN``
or ``\\uNNNN``, and cuts the result to ``limit`` characters.
"""

from __future__ import annotations


def plain(text: object, limit: int = 200) -> str:
    """``text`` as one printable line of at most ``limit`` characters (an ellipsis where it was cut)."""
    shown = "".join(character if character.isprintable() else _escaped(character) for character in str(text))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _escaped(character: str) -> str:
    if character in "\n\t":
        return " "
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
