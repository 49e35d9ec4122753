"""The Jinja templates shipped in ``sphinx_kerasviz/templates/kerasviz/``, rendered with Sphinx's
own renderers: HTML autoescaped; LaTeX with ``LaTeXRenderer``'s ``<%= ... %>`` delimiters and
every value escaped for LaTeX unless it is marked safe."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined
from markupsafe import Markup
from sphinx.util.template import LaTeXRenderer, SphinxRenderer
from sphinx.util.texescape import escape as tex_escape

PACKAGE_TEMPLATES = str(Path(__file__).resolve().parent.parent / "templates")


def _tex_finalize(value: Any) -> Any:
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return tex_escape(value)


@lru_cache(maxsize=16)
def _renderer(search_path: tuple[str, ...], latex: bool) -> SphinxRenderer:
    if latex:
        renderer: SphinxRenderer = LaTeXRenderer(search_path)
        renderer.env.finalize = _tex_finalize
        renderer.env.keep_trailing_newline = True
    else:
        renderer = SphinxRenderer(search_path)
        renderer.env.autoescape = True
    renderer.env.undefined = StrictUndefined
    return renderer


def render_template(name: str, context: dict[str, Any],
                    search_path: Sequence[str] = (PACKAGE_TEMPLATES,)) -> str:
    """Render ``kerasviz/<name>`` (``*.tex.jinja`` for LaTeX), found first in ``search_path``."""
    renderer = _renderer(tuple(search_path), name.endswith(".tex.jinja"))
    return renderer.render(f"kerasviz/{name}", context)
