"""The Jinja templates around diagram and table, overridable through ``templates_path``.

A project overrides ``kerasviz/graph.html.jinja`` (say) by putting its own copy at
``_templates/kerasviz/graph.html.jinja``. HTML templates are autoescaped; LaTeX templates use
``<%= ... %>`` and escape every value for LaTeX unless it is marked safe.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from sphinx.builders import Builder
from sphinx.util.texescape import escape as tex_escape

PACKAGE_TEMPLATES = Path(str(files("sphinx_kerasviz.templates")))
#: Stands in for the children of the wrapper; templates place it with ``{{ content }}``.
CONTENT = "\x00kerasviz-content\x00"


def _tex_finalize(value: Any) -> Any:
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return tex_escape(value)


@lru_cache(maxsize=8)
def _environment(search_path: tuple[str, ...], latex: bool) -> Environment:
    loader = ChoiceLoader([FileSystemLoader(list(search_path)), FileSystemLoader(PACKAGE_TEMPLATES)])
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


def render(builder: Builder, name: str, **context: Any) -> str:
    """Render ``kerasviz/<name>`` with the project's templates first in the search path."""
    search = tuple(str(Path(builder.confdir, p)) for p in builder.config.templates_path)
    env = _environment(search, name.endswith(".tex.jinja"))
    return env.get_template(f"kerasviz/{name}").render(**context)


def render_around(builder: Builder, name: str, **context: Any) -> tuple[str, str]:
    """Render a wrapper template and split it where its ``{{ content }}`` goes."""
    text = render(builder, name, content=Markup(CONTENT), **context)
    head, _, tail = text.partition(CONTENT)
    return head, tail
