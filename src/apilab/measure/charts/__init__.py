"""The course's figures: one call in a lesson draws a chart from the data the lesson just computed.

Every chart function returns a ``Chart``: a matplotlib ``Figure`` with a short text alternative
(``alt``), written from the same data. A notebook shows it as a PNG whose output metadata carries
the alt text (the course website puts it on the ``<img>``). A framework has one colour everywhere
in the course (``framework_colour``); figures are drawn on a white background, readable in the
website's light theme.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from matplotlib.figure import Figure

FLASK_COLOUR = "#0072B2"    # blue (Okabe-Ito palette: told apart with every common colour-vision deficiency)
DJANGO_COLOUR = "#009E73"   # bluish green
OTHER_COLOUR = "#7F7F7F"    # grey: a row that belongs to neither framework
FRAMEWORK_COLOURS = {"Flask": FLASK_COLOUR, "Django": DJANGO_COLOUR}


def framework_colour(label: str) -> str:
    """The colour of the framework a label names ("Flask + SQLAlchemy", "Django + DRF", "DRF viewset")."""
    text = str(label).lower()
    if "flask" in text:
        return FLASK_COLOUR
    if "django" in text or "drf" in text:
        return DJANGO_COLOUR
    return OTHER_COLOUR


def new_figure(width: float = 7.0, height: float = 4.0) -> Figure:
    """A figure not registered with pyplot, so a notebook shows it once (as the Chart), never twice."""
    return Figure(figsize=(width, height), facecolor="white", layout="constrained")


@dataclass
class Chart:
    """A figure and its text alternative; shown in a notebook as a PNG carrying ``alt``."""

    figure: Figure
    alt: str

    def png(self, dpi: int = 100) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
        return buffer.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"image/png": base64.b64encode(self.png()).decode("ascii"), "text/plain": self.alt}
        return data, {"image/png": {"alt": self.alt}}
