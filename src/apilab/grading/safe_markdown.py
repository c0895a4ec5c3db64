"""Markdown cells shown as sanitized HTML without harmful links, for Formgrader and the feedback.

nbgrader's feedback and formgrade templates render a markdown cell with
``markdown2html`` and no sanitizing at all (nbconvert's own templates add
``clean_html`` when ``sanitize_html`` is on; nbgrader's do not), and nbconvert
renders with ``allow_harmful_protocols`` on: a learner's markdown cell with a
``<script>``, an ``<img onerror=...>`` or a ``[notes](javascript:...)`` link
would run in the instructor's Jupyter server. The course's
``nbgrader_config.py`` puts this filter in place of nbconvert's own
(``HTMLExporter.filters``): the same rendering, harmful links turned off, the
result sanitized whichever template uses it.
"""

from __future__ import annotations

import bleach
from jinja2 import pass_context
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

# What rendered markdown may hold (nbconvert's own clean_html allows neither paragraphs nor headings nor images).
TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong", "b", "i", "code", "pre",
        "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "img", "span", "div", "sup", "sub",
        "del", "dl", "dt", "dd"}
ATTRIBUTES = {"a": ["href", "title"], "img": ["src", "alt", "title", "width", "height"], "th": ["align"],
              "td": ["align"], "*": ["class", "id"]}
PROTOCOLS = {"http", "https", "mailto"}  # bleach also quotes every value it keeps


@pass_context
def markdown2html(context, source: str) -> str:
    """nbconvert's ``markdown2html`` filter, with ``javascript:``, ``vbscript:`` and ``data:`` links turned off and
    the HTML sanitized."""
    cell = context.get("cell", {})
    renderer = IPythonRenderer(escape=False, allow_harmful_protocols=False, attachments=cell.get("attachments", {}),
                               path=context.get("resources", {}).get("metadata", {}).get("path", ""))
    html = MarkdownWithMath(renderer=renderer).render(source)
    return bleach.clean(html, tags=TAGS, attributes=ATTRIBUTES, protocols=PROTOCOLS, strip=True)
