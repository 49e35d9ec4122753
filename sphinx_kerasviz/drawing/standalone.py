"""The interactive diagram as one self-contained HTML file (no Sphinx, no network).

The same template, script and styles as in a Sphinx page, all inside the file.
"""

from __future__ import annotations

import html
import tempfile
from importlib.resources import files
from pathlib import Path

from markupsafe import Markup

from sphinx_kerasviz.drawing.graphviz import inline_svg, render_file
from sphinx_kerasviz.drawing.templates import render_template
from sphinx_kerasviz.model.description import ModelDescription
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views.formatting import alt_text
from sphinx_kerasviz.views.interactive import interactive_view

STATIC = files("sphinx_kerasviz.static")
STYLES = ("kerasviz.css", "kerasviz-interactive.css")
SCRIPT = "kerasviz-interactive.js"


def interactive_page(model: ModelDescription, options: Options, dot: str = "dot") -> str:
    """The whole HTML page of ``model``'s interactive diagram."""
    view = interactive_view(model, options)
    drawings = []
    with tempfile.TemporaryDirectory() as tmp:
        for number, variant in enumerate(view.variants):
            path = render_file([variant.dot, variant.safe_dot], "svg", Path(tmp, f"{number}.svg"),
                               dot=dot)
            text = inline_svg(path.read_text(encoding="utf-8"), f"kerasviz-1-{variant.key}")
            drawings.append((variant.key, Markup(text)))
    body = render_template("interactive.html.jinja", {
        "uid": "kerasviz-1", "default": drawings[0][1], "variants": drawings,
        "data": Markup(view.json()), "alt": options.alt or alt_text(model), "align": "left",
        "model_name": model.name,
    })
    styles = "\n".join(STATIC.joinpath(name).read_text(encoding="utf-8") for name in STYLES)
    script = STATIC.joinpath(SCRIPT).read_text(encoding="utf-8").replace("</", "<\\/")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(model.name)}</title>\n<style>\n{styles}\n</style>\n</head>\n"
        f'<body>\n<div class="kerasviz">\n{body}\n</div>\n<script>\n{script}\n</script>\n'
        "</body>\n</html>\n"
    )
