"""Register the extension with Sphinx."""

from __future__ import annotations

from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import Any

from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.config import Config

from sphinx_kerasviz.sphinxext import html, latex, text
from sphinx_kerasviz.sphinxext.card_directive import KerasModelCardDirective
from sphinx_kerasviz.sphinxext.config import add_config_values, check_config
from sphinx_kerasviz.sphinxext.explain_directives import DIRECTIVES as EXPLAIN_DIRECTIVES
from sphinx_kerasviz.sphinxext.history_directive import KerasHistoryDirective
from sphinx_kerasviz.sphinxext.model_directive import KerasModelDirective
from sphinx_kerasviz.sphinxext.nodes import PICTURES, kerasviz, kerasviz_card, kerasviz_name
from sphinx_kerasviz.sphinxext.pictures import finish_drawing, prerender
from sphinx_kerasviz.sphinxext.prefetch import start_reading
from sphinx_kerasviz.sphinxext.table import LatexColumns, when_rows_are_written
from sphinx_kerasviz.sphinxext.weights_directive import KerasWeightsDirective

STATIC = Path(__file__).parent.parent / "static"
#: The directives that read a model with Keras: asked for early, and spread over ``-j N``.
READS_MODELS: dict[str, type[Directive]] = {
    "keras-model": KerasModelDirective,
    "keras-weights": KerasWeightsDirective,
    "keras-model-card": KerasModelCardDirective,
    **EXPLAIN_DIRECTIVES,
}


def add_static_path(app: Sphinx, config: Config) -> None:
    config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.ext.graphviz")  # graphviz_dot and graphviz_dot_args
    add_config_values(app)
    app.connect("config-inited", check_config)
    app.connect("config-inited", add_static_path)
    app.connect("env-before-read-docs", partial(start_reading, READS_MODELS))
    app.connect("doctree-read", prerender)
    app.connect("env-updated", finish_drawing)
    app.connect("doctree-resolved", html.figure_widths, priority=1)  # before the rows: fewer nodes
    app.connect("builder-inited", when_rows_are_written)
    app.add_post_transform(LatexColumns)
    app.add_css_file("kerasviz.css")
    app.add_css_file("kerasviz-interactive.css")
    app.add_js_file("kerasviz-interactive.js", loading_method="defer")
    app.add_js_file("kerasviz-pan.js", loading_method="defer")
    app.add_node(
        kerasviz,
        html=(html.visit_wrapper, html.depart_wrapper),
        latex=(latex.visit_wrapper, latex.depart_wrapper),
    )
    app.add_node(
        kerasviz_card,
        html=(html.visit_card, html.depart_wrapper),
        latex=(latex.visit_card, latex.depart_wrapper),
        text=(text.through, text.through),
        man=(text.through, text.through),
        texinfo=(text.through, text.through),
    )
    # other builders write a name as the inline it is
    app.add_node(kerasviz_name, html=(html.visit_name, None), latex=(latex.visit_name, None))
    # one image each; the visitors skip what is inside
    for picture in PICTURES:
        app.add_node(
            picture,
            html=(html.visit_graph, None),
            latex=(latex.visit_graph, None),
            text=(text.visit_graph_text, None),
            man=(text.skip, None),
            texinfo=(text.skip, None),
        )
    app.connect("doctree-resolved", latex.continue_diagrams)
    for name, directive in {**READS_MODELS, "keras-history": KerasHistoryDirective}.items():
        app.add_directive(name, directive)
    return {
        "version": version("sphinx-kerasviz"),
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
