"""Sphinx configuration of the sphinx-kerasviz documentation (built with sphinx-kerasviz)."""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS))  # docs/examples.py and as_written.py, importable by name

project = "sphinx-kerasviz"
author = "sphinx-kerasviz developers"
copyright = "sphinx-kerasviz developers"

extensions = ["sphinx_kerasviz", "myst_parser"]
templates_path = ["_templates"]  # _templates/kerasviz/graph.html.jinja: a demo override
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
numfig = True

# Every ``kerasviz_*`` value can be set here; the defaults suit these pages.
# kerasviz_show_shapes = True
# kerasviz_output_format = "svg"
kerasviz_custom_objects = {"Gate": "examples.Gate"}  # the unregistered layer of gated.keras

html_theme = "furo"
html_title = "sphinx-kerasviz"
html_static_path = ["_static"]
html_css_files = ["demo.css"]  # the ``framed`` class of the :class: examples

latex_engine = "pdflatex"
latex_elements = {
    # A picture may take 80% of the page, not all of it: its caption stays above the footer.
    "preamble": r"\AtBeginDocument{\csname spx@image@maxheight\endcsname=0.8\textheight}",
}
latex_documents = [
    ("index", "sphinx-kerasviz.tex", "sphinx-kerasviz", "sphinx-kerasviz developers", "manual"),
]
