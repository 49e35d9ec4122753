"""Shared fixtures: Sphinx's testing plugin, the test roots, and helpers to read the output."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
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


@contextmanager
def built_copy(rootdir: Path, tmp: Path, root: str, builder: str,
               **kwargs: object) -> Iterator[SphinxTestApp]:
    """The test root ``test-<root>`` copied into ``tmp`` and built once with ``builder``."""
    srcdir = tmp / root
    shutil.copytree(rootdir / f"test-{root}", srcdir)
    app = SphinxTestApp(builder, srcdir=srcdir, **kwargs)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def compile_pdf(outdir: Path) -> Path:
    """Compile a LaTeX build with its Makefile (latexmk); the PDF."""
    result = subprocess.run(["make", "-C", str(outdir)], capture_output=True, text=True,
                            timeout=600, check=False)
    pdf = next(outdir.glob("*.tex")).with_suffix(".pdf")
    assert result.returncode == 0 and pdf.is_file(), result.stdout[-3000:]
    return pdf


def latex_plot_pdfs(outdir: Path) -> list[str]:
    """The kerasviz PDFs the ``.tex`` of a LaTeX build includes, each checked to be a PDF."""
    tex = next(outdir.glob("*.tex")).read_text()
    stems = re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{(kerasviz-[0-9a-f]{40})\}"
                       r"\.pdf\}", tex)
    for stem in stems:
        assert (outdir / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    return stems


def python_output(script: str, timeout: float = 300) -> str:
    """The last line ``script`` prints when run by a fresh Python (this test run's path)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, check=True, timeout=timeout)
    return result.stdout.strip().splitlines()[-1]


def pdf_text(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
