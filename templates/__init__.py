"""Jinja templates shipped with sphinx-kerasviz (installed as ``sphinx_kerasviz.templates``)."""
