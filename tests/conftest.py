"""Shared fixtures: Sphinx's testing plugin and the test roots (helpers live in ``support``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]

TESTS = Path(__file__).parent
sys.path.insert(0, str(TESTS))  # support: the helpers every test imports
sys.path.insert(0, str(TESTS / "models"))  # kerasviz_test_models, importable from every test root


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"
