"""The Jinja templates around diagram and table, overridable through ``templates_path``.

A project overrides ``kerasviz/graph.html.jinja`` (say) by putting its own copy at
``_templates/kerasviz/graph.html.jinja``. HTML templates are autoescaped; LaTeX templates use
``<%= ... %>`` and escape every value for LaTeX unless it is marked safe. A broken override
gives a located warning and the shipped template is used instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from jinja2 import TemplateError
from markupsafe import Markup
from sphinx.builders import Builder
from sphinx.util import logging

from sphinx_kerasviz.drawing.templates import PACKAGE_TEMPLATES, render_template
from sphinx_kerasviz.errors import KerasvizError

logger = logging.getLogger(__name__)

#: Stands in for the children of the wrapper; templates place it with ``{{ content }}``.
CONTENT = "\x00kerasviz-content\x00"


def _render(search: tuple[str, ...], name: str, context: dict[str, Any]) -> str:
    text = render_template(name, context, search)
    if "content" in context and text.count(CONTENT) != 1:
        raise KerasvizError("template", "a wrapper template must place {{ content }} once")
    return text


def render(builder: Builder, node: nodes.Element, name: str, **context: Any) -> str:
    """Render ``kerasviz/<name>``, the project's templates first, the shipped one as fallback."""
    search = tuple(str(Path(builder.confdir, p)) for p in builder.config.templates_path)
    try:
        return _render((*search, PACKAGE_TEMPLATES), name, context)
    except (TemplateError, KerasvizError) as exc:
        logger.warning(
            "template kerasviz/%s: %s; using the shipped template",
            name,
            getattr(exc, "message", None) or exc,
            location=node,
            type="kerasviz",
            subtype="template",
        )
        return _render((PACKAGE_TEMPLATES,), name, context)


def render_around(
    builder: Builder, node: nodes.Element, name: str, **context: Any
) -> tuple[str, str]:
    """Render a wrapper template and split it where its ``{{ content }}`` goes."""
    text = render(builder, node, name, content=Markup(CONTENT), **context)
    head, _, tail = text.partition(CONTENT)
    return head, tail
