"""The Jinja templates around diagram and table, overridable through ``templates_path``.

A project overrides ``kerasviz/graph.html.jinja`` (say) by putting its own copy at
``_templates/kerasviz/graph.html.jinja``. HTML templates are autoescaped; LaTeX templates use
``<%= ... %>`` and escape every value for LaTeX unless it is marked safe. A broken override
gives a located warning and the shipped template is used instead.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from docutils import nodes
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup
from sphinx.builders import Builder
from sphinx.util import logging
from sphinx.util.texescape import escape as tex_escape

from sphinx_kerasviz.errors import KerasvizError

logger = logging.getLogger(__name__)

PACKAGE_TEMPLATES = str(files("sphinx_kerasviz.templates"))
#: Stands in for the children of the wrapper; templates place it with ``{{ content }}``.
CONTENT = "\x00kerasviz-content\x00"


def _tex_finalize(value: Any) -> Any:
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return tex_escape(value)


@lru_cache(maxsize=16)
def _environment(search_path: tuple[str, ...], latex: bool) -> Environment:
    loader = FileSystemLoader(list(search_path))
    if not latex:
        return Environment(loader=loader, autoescape=True, undefined=StrictUndefined)
    return Environment(
        loader=loader,
        autoescape=False,
        undefined=StrictUndefined,
        finalize=_tex_finalize,
        block_start_string="<%",
        block_end_string="%>",
        variable_start_string="<%=",
        variable_end_string="%>",
        comment_start_string="<#",
        comment_end_string="#>",
        keep_trailing_newline=True,
    )


def _render(search: tuple[str, ...], name: str, context: dict[str, Any]) -> str:
    env = _environment(search, name.endswith(".tex.jinja"))
    text = env.get_template(f"kerasviz/{name}").render(**context)
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
