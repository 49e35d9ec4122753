"""Helpers shared by the tests: paths, builds and their output, hand-made descriptions, a
headless browser, and the known-answer checks of the explanations.

Test modules import from here (``from support.output import graph_sources``), never from one
another or from ``conftest``.
"""
