"""This documentation's own PDF, page by page, read with poppler as a reader sees it: no
diagram label under 6 pt, no two lines printed over each other, nothing over the header or
footer. Built once (``sphinx -M latexpdf docs``), in a fresh process like ``make demo``."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.paths import DOCS
from support.pdf_pages import (
    on_furniture,
    overlapping_lines,
    pages,
    picture_fonts,
    small_diagram_labels,
)

pytestmark = pytest.mark.latex


@pytest.fixture(scope="module")
def docs_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs' PDF; the build's time is printed (``pytest -s``)."""
    out = tmp_path_factory.mktemp("docs-pdf")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "sphinx", "-M", "latexpdf", str(DOCS),
                             str(out), "-q"], capture_output=True, text=True, env=env,
                            timeout=1800, check=False)
    print(f"docs PDF built in {time.monotonic() - start:.0f} s")
    pdf = out / "latex" / "sphinx-kerasviz.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr[-3000:]
    return pdf


def test_no_diagram_label_under_6pt(docs_pdf: Path) -> None:
    assert len(picture_fonts(docs_pdf.parent)) > 10  # the diagrams' fonts are known
    small = small_diagram_labels(docs_pdf, docs_pdf.parent)
    pages_ = sorted({text.page for text in small})
    assert small == [], (pages_, small[:5])


def test_no_lines_overlap(docs_pdf: Path) -> None:
    every = pages(docs_pdf)
    assert len(every) > 50
    found = [(a.page, a.text[:40], b.text[:40]) for page in every
             for a, b in overlapping_lines(page)]
    assert found == [], found[:10]


def test_nothing_over_header_or_footer(docs_pdf: Path) -> None:
    found = [(a.page, a.text[:40], b.text[:40]) for page in pages(docs_pdf)
             for a, b in on_furniture(page)]
    assert found == [], found[:10]
