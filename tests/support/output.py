"""Reading what a build wrote: warnings, diagrams, pages and PDFs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from sphinx.util.console import strip_escape_sequences


def kerasviz_warnings(text: str) -> list[str]:
    """The lines of a warning stream that come from this extension."""
    return [line for line in strip_escape_sequences(text).splitlines() if "[kerasviz." in line]


def svg_files(outdir: Path) -> dict[str, str]:
    """Every diagram the HTML build wrote, by file name."""
    return {p.name: p.read_text() for p in sorted((outdir / "_images").glob("kerasviz-*.svg"))}


def graph_sources(html: str) -> list[str]:
    """The image files of the diagrams in page order."""
    return re.findall(r'<div class="kerasviz-graph[^"]*"[^>]*>\s*<div class="kerasviz-pan">\s*'
                      r'<img src="([^"]+)"', html)


def check_pages_equal(outdir: Path, other: Path, pages: list[str]) -> None:
    """The same diagram files and the same pages in two builds."""
    assert svg_files(outdir) == svg_files(other)
    for page in pages:
        assert (outdir / f"{page}.html").read_text() == (other / f"{page}.html").read_text()


def latex_plot_pdfs(outdir: Path) -> list[str]:
    """The kerasviz PDFs the ``.tex`` of a LaTeX build includes, each checked to be a PDF."""
    tex = next(outdir.glob("*.tex")).read_text()
    stems = re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{(kerasviz-[0-9a-f]{40})\}"
                       r"\.pdf\}", tex)
    for stem in stems:
        assert (outdir / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    return stems


def pdf_text(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
