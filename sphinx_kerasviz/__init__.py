"""sphinx-kerasviz: Keras model diagrams and summary tables for Sphinx.

Importing this package is cheap: Keras is imported only when a model must be read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx entry point: ``extensions = ["sphinx_kerasviz"]``."""
    from sphinx_kerasviz.sphinxext.setup import setup as _setup

    return _setup(app)
