"""sphinx-kerasviz: Keras model diagrams and summary tables for Sphinx.

Importing this package is cheap: Keras is imported only when a model must be read.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import TYPE_CHECKING, Any

__version__ = version("sphinx-kerasviz")

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def __getattr__(name: str) -> Any:
    """The Python API (``graph_view``, ``summary_table``), imported on first use."""
    if name in ("graph_view", "layered_view", "summary_table", "GraphView", "LayeredView",
                "SummaryTable"):
        from sphinx_kerasviz import api

        return getattr(api, name)
    if name == "WeightHistory":  # a Keras callback: imports Keras
        from sphinx_kerasviz.weights.callbacks import WeightHistory

        return WeightHistory
    raise AttributeError(f"module 'sphinx_kerasviz' has no attribute {name!r}")


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx entry point: ``extensions = ["sphinx_kerasviz"]``."""
    from sphinx_kerasviz.sphinxext.setup import setup as _setup

    return _setup(app)
