"""Where the test suite's files are."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).parents[1]
MODELS = TESTS / "models"  # the factories test roots name (kerasviz_test_models, ...)
ROOTS = TESTS / "roots"
BIN = TESTS / "bin"  # fake ``dot`` programs
DOCS = TESTS.parent / "docs"
