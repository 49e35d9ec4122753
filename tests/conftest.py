"""Shared fixtures: Sphinx's testing plugin, the test roots, and helpers to read the output."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.util.console import strip_escape_sequences

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]

TESTS = Path(__file__).parent
sys.path.insert(0, str(TESTS))  # kerasviz_test_models, importable from every test root


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


@pytest.fixture
def fresh_deps_models() -> Iterator[None]:
    """Make Sphinx import ``deps_models`` from this test's source directory, not a cached one."""
    sys.modules.pop("deps_models", None)
    yield
    sys.modules.pop("deps_models", None)


def kerasviz_warnings(text: str) -> list[str]:
    """The lines of a warning stream that come from this extension."""
    return [line for line in strip_escape_sequences(text).splitlines() if "[kerasviz." in line]


def svg_files(outdir: Path) -> dict[str, str]:
    """Every diagram the HTML build wrote, by file name."""
    return {p.name: p.read_text() for p in sorted((outdir / "_images").glob("kerasviz-*.svg"))}


def graph_sources(html: str) -> list[str]:
    """The image files of the diagrams in page order."""
    return re.findall(r'<div class="kerasviz-graph[^"]*">\s*<img src="([^"]+)"', html)
